"""HTML metadata benchmark: clipper's read_html_metadata against trafilatura on the WCXB dev articles.

Usage:
    .venv/bin/python benchmarks/metadata.py [--show-errors title|authors|published] [--half A|B]
                                            [--limit N] [--no-trafilatura]

Scores with `benchmarks/scoring.py`, as the quality benchmark does: title exact after folding case,
quotes, dashes and spacing; authors as an exact set (and any overlap) after splitting the truth's one
string on commas, "and", "&" and dropping credentials, the same normalisation applied to the
prediction; published on the same day. Pages where the truth has no value are not scored for that
field, except `no_auth`: the share of pages the truth credits to no one where no author was output.
Both systems parse the same decoded page; the time includes parsing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import mean
from typing import Any

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import (  # noqa: E402
    authors_match,
    load_pages,
    normalize_authors,
    published_match,
    title_match,
)

from clipper.metadata.html import read_html_metadata  # noqa: E402

FIELDS = ("title", "authors", "authors_any", "no_author", "published")


def run_clipper(page: str, url: str | None) -> dict[str, Any]:
    meta = read_html_metadata(lxml.html.fromstring(page), url)
    return {"title": meta.title, "authors": list(meta.authors), "published": meta.published}


def run_trafilatura(page: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.extract_metadata(page, default_url=url)
    if doc is None:
        return {"title": None, "authors": [], "published": None}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"title": doc.title, "authors": authors, "published": doc.date}


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--show-errors", choices=["title", "authors", "published"], action="append")
    ap.add_argument("--half", choices=["A", "B"], help="one half of the by-domain split")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()

    runners = {"clipper": run_clipper}
    if not args.no_trafilatura:
        runners["trafilatura"] = run_trafilatura
    score: dict[str, dict[str, list[bool]]] = {s: {f: [] for f in FIELDS} for s in runners}
    seconds = dict.fromkeys(runners, 0.0)
    shown = set(args.show_errors or [])
    errors: list[str] = []
    n = 0
    for page in load_pages(limit=args.limit):
        if args.half and page.half != args.half:
            continue
        n += 1
        decoded = page.html.decode("utf-8", errors="replace")
        truth = page.truth
        for system, run in runners.items():
            t0 = time.perf_counter()
            res = run(decoded, page.url)
            seconds[system] += time.perf_counter() - t0
            sc = score[system]
            if (t := title_match(truth.get("title"), res["title"])) is not None:
                sc["title"].append(t)
                if system == "clipper" and not t and "title" in shown:
                    errors.append(
                        f"{page.id} title  want={truth['title']!r}\n{'':12}got ={res['title']!r}"
                        f"  {page.url}"
                    )
            if (a := authors_match(truth.get("author"), res["authors"])) is not None:
                sc["authors"].append(a[0])
                sc["authors_any"].append(a[1])
                if system == "clipper" and not a[0] and "authors" in shown:
                    errors.append(
                        f"{page.id} authors want={truth.get('author')!r} got={res['authors']!r}"
                        f"  {page.url}"
                    )
            else:
                sc["no_author"].append(not normalize_authors(res["authors"]))
                if system == "clipper" and res["authors"] and "authors" in shown:
                    errors.append(f"{page.id} authors want=None got={res['authors']!r}  {page.url}")
            if (d := published_match(truth.get("publish_date"), res["published"])) is not None:
                sc["published"].append(d)
                if system == "clipper" and not d and "published" in shown:
                    errors.append(
                        f"{page.id} date  want={truth['publish_date']} got={res['published']}"
                        f"  {page.url}"
                    )
    for line in errors:
        print(line)
    print(f"\n{n} pages" + (f" (domain half {args.half})" if args.half else ""))
    print(
        f"{'system':<12} {'title':>7} {'authors':>8} {'auth_any':>9} {'no_auth':>8} "
        f"{'published':>10} {'ms/page':>8}"
    )
    for system, sc in score.items():
        cells = [f"{mean(sc[f]):.3f}" if sc[f] else "-" for f in FIELDS]
        ms = 1000 * seconds[system] / max(1, n)
        print(
            f"{system:<12} {cells[0]:>7} {cells[1]:>8} {cells[2]:>9} {cells[3]:>8} "
            f"{cells[4]:>10} {ms:>8.1f}"
        )
    counts = score["clipper"]
    print(
        f"(scored pages: title {len(counts['title'])}, authors {len(counts['authors'])}, "
        f"no author {len(counts['no_author'])}, published {len(counts['published'])})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
