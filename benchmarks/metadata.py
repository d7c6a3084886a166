"""HTML metadata benchmark: clipper's read_html_metadata against trafilatura on the WCXB dev articles.

Usage:
    .venv/bin/python benchmarks/metadata.py [--data DIR] [--show-errors FIELD] [--split N/2] [--limit N]

Scores as the quality benchmark does: title exact after folding case and spacing; authors as an
exact set after splitting on commas, "and" and "&" (the truth's own way of listing several names
with credentials, applied to both sides); published date on the same day. Pages where the truth
has no value for a field are left out of that field's score.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clipper.metadata.html import read_html_metadata  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/datasets/wcxb-dev-articles"


def norm_title(t: str | None) -> str:
    if not t:
        return ""
    t = unicodedata.normalize("NFKC", t)
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(t.casefold().split())


_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", re.IGNORECASE)


def author_set(value: str | list[str] | tuple[str, ...] | None) -> frozenset[str]:
    if not value:
        return frozenset()
    text = value if isinstance(value, str) else ", ".join(value)
    text = unicodedata.normalize("NFKC", text)
    return frozenset(" ".join(p.casefold().split()) for p in _AUTHOR_SPLIT.split(text) if p.strip())


def day(value: str | None) -> str:
    return (value or "")[:10]


def load(data: Path, limit: int | None) -> list[tuple[str, str, dict[str, Any]]]:
    pages = []
    for truth_path in sorted((data / "truth").glob("*.json"))[: limit or None]:
        pid = truth_path.stem
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        raw = gzip.decompress((data / "html" / f"{pid}.html.gz").read_bytes())
        pages.append((pid, raw.decode("utf-8", errors="replace"), truth))
    return pages


def in_split(url: str, split: str | None) -> bool:
    """Domain split: a page's half is fixed by a hash of its host, so one site stays in one half."""
    if not split:
        return True
    host = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*$", r"\1", url or ""))
    half = int(hashlib.sha256(host.encode()).hexdigest(), 16) % 2
    return str(half + 1) == split.split("/")[0]


def run_trafilatura(page: str, url: str) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.extract_metadata(page, default_url=url)
    if doc is None:
        return {"title": None, "authors": None, "published": None}
    return {"title": doc.title, "authors": doc.author, "published": doc.date}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--show-errors", choices=["title", "authors", "published"], action="append")
    ap.add_argument("--split", help="1/2 or 2/2: one half of a domain split")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()

    pages = [p for p in load(args.data, args.limit) if in_split(p[2].get("url", ""), args.split)]
    systems = ["clipper"] + ([] if args.no_trafilatura else ["trafilatura"])
    score: dict[str, dict[str, list[int]]] = {
        s: {"title": [], "authors": [], "authors_any": [], "no_author": [], "published": []}
        for s in systems
    }
    seconds = dict.fromkeys(systems, 0.0)
    errors: list[str] = []
    for pid, page, truth in pages:
        gt = truth["ground_truth"]
        url = truth.get("url")
        results: dict[str, dict[str, Any]] = {}
        t0 = time.perf_counter()
        tree = lxml.html.fromstring(page)
        meta = read_html_metadata(tree, url)
        seconds["clipper"] += time.perf_counter() - t0
        results["clipper"] = {
            "title": meta.title,
            "authors": list(meta.authors),
            "published": meta.published,
        }
        if "trafilatura" in systems:
            t0 = time.perf_counter()
            results["trafilatura"] = run_trafilatura(page, url)
            seconds["trafilatura"] += time.perf_counter() - t0
        for system, res in results.items():
            sc = score[system]
            if gt.get("title"):
                sc["title"].append(int(norm_title(res["title"]) == norm_title(gt["title"])))
            if gt.get("author"):
                want, got = author_set(gt["author"]), author_set(res["authors"])
                sc["authors"].append(int(want == got))
                sc["authors_any"].append(int(bool(want & got)))
            else:
                # Pages the truth credits to no one: an empty author list is right.
                sc["no_author"].append(int(not author_set(res["authors"])))
            if gt.get("publish_date"):
                sc["published"].append(int(day(res["published"]) == day(gt["publish_date"])[:10]))
        shown = args.show_errors or []
        res = results["clipper"]
        if (
            "title" in shown
            and gt.get("title")
            and norm_title(res["title"]) != norm_title(gt["title"])
        ):
            errors.append(f"{pid} title  want={gt['title']!r}\n{'':13}got ={res['title']!r}  {url}")
        if "authors" in shown and author_set(gt.get("author")) != author_set(res["authors"]):
            errors.append(f"{pid} authors want={gt.get('author')!r} got={res['authors']!r}  {url}")
        if (
            "published" in shown
            and gt.get("publish_date")
            and day(res["published"]) != day(gt["publish_date"])
        ):
            errors.append(f"{pid} date  want={gt['publish_date']} got={res['published']}  {url}")
    for line in errors:
        print(line)
    print(f"\n{len(pages)} pages" + (f" (domain split {args.split})" if args.split else ""))
    print(
        f"{'system':<12} {'title':>7} {'authors':>8} {'auth_any':>9} {'no_auth':>8} "
        f"{'published':>10} {'ms/page':>8}"
    )
    for system in systems:
        sc = score[system]

        def avg(xs: list[int]) -> str:
            return f"{sum(xs) / len(xs):.3f}" if xs else "-"

        ms = 1000 * seconds[system] / max(1, len(pages))
        print(
            f"{system:<12} {avg(sc['title']):>7} {avg(sc['authors']):>8} "
            f"{avg(sc['authors_any']):>9} {avg(sc['no_author']):>8} {avg(sc['published']):>10} "
            f"{ms:>8.1f}"
        )
    n = score["clipper"]
    print(
        f"(n: title {len(n['title'])}, authors {len(n['authors'])}, "
        f"no author {len(n['no_author'])}, published {len(n['published'])})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
