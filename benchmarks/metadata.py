"""HTML metadata benchmark: clipper's read_html_metadata against trafilatura, both dev sets.

Example:
    .venv/bin/python benchmarks/metadata.py                       # WCXB dev, both systems
    .venv/bin/python benchmarks/metadata.py --set both            # + fundus-dev, per set and language
    .venv/bin/python benchmarks/metadata.py --set fundus --no-trafilatura --show-errors title
    .venv/bin/python benchmarks/metadata.py --half A              # one half of the by-domain split

Scores with `benchmarks/scoring.py`, as the quality benchmark does: title exact after folding case,
quotes, dashes and spacing; authors as an exact set (and any overlap) after splitting the truth's one
string on commas, "and", "&" and dropping credentials, the same normalisation applied to the
prediction; published on the same day. Pages where the truth has no value are not scored for that
field, except `no_auth`: the share of pages the truth credits to no one where no author was output.

People and organisations are scored apart ("outlets apart", issue 17): fundus-dev's truth lists
agencies, outlets and desks among the authors, and `benchmarks/datasets.py` moves them to `credits`
by its own list, independent of clipper's. WCXB's truth is one string; `people` scores authors only
on the pages whose truth names people only (no organisation, team or desk by
`datasets.is_organisation`), and `credit` is the share of pages whose truth credits an organisation
where the record keeps it (`credits`, `licensed_from`, `byline` or `publisher`). Both systems parse
the same decoded page; the time includes parsing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.datasets import _AGENCIES, _ORG_WORDS, SETS, load_pages  # noqa: E402
from benchmarks.scoring import (  # noqa: E402
    authors_match,
    credits_kept,
    normalize_authors,
    published_match,
    title_match,
)
from clipper.metadata.html import read_html_metadata  # noqa: E402

_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\s\|\s)\s*", re.IGNORECASE)
FIELDS = ("title", "authors", "auth_any", "people", "no_auth", "credit", "published")


def run_clipper(page: str, url: str | None) -> dict[str, Any]:
    meta = read_html_metadata(lxml.html.fromstring(page), url)
    kept = [
        *getattr(meta, "credits", ()),
        *(v for v in (meta.licensed_from, meta.byline, meta.publisher) if v),
    ]
    return {
        "title": meta.title,
        "authors": list(meta.authors),
        "published": meta.published,
        "kept": kept,
    }


def run_trafilatura(page: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.extract_metadata(page, default_url=url)
    if doc is None:
        return {"title": None, "authors": [], "published": None, "kept": []}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    kept = [v for v in (doc.author, doc.sitename) if v]
    return {"title": doc.title, "authors": authors, "published": doc.date, "kept": kept}


# Job titles a WCXB truth appends to a name ("Tracy Parker, Dietitian"): the record contract
# keeps role words out of `authors`, so they are dropped from the truth, neither person nor
# organisation. The benchmark's own list, independent of clipper's lexicon.
_ROLE = re.compile(
    r"\b(?:expert|director|editor|dietitian|educator|horticulturalist|representative|writer|"
    r"manager|specialist|consultant|years in)\b",
    re.IGNORECASE,
)


def _wcxb_split(truth: dict[str, Any], domain: str) -> tuple[str | None, list[str], bool]:
    """WCXB's one author string as (people, organisations, site-named), by the benchmark's own
    rules: an agency, or a name with a desk or organisation word (`datasets._ORG_WORDS`: staff,
    team, desk, news, ...) is an organisation; a job title is dropped; a name that is the site's
    own ("Rick Steves" on ricksteves.com, "Help Net Security" on helpnetsecurity.com) is a
    blog's owner or a brand, which the truth does not tell apart: such a page is not scored for
    people when no one else is named; the rest are people (user names included: a person's
    account, not an outlet). fundus-dev's rule that a lone lower-case word or a dotted name is a
    desk code does not hold here ("A. J. Neal")."""
    raw = truth.get("author")
    if not raw:
        return None, [], False
    site = domain.split(".")[0].replace("-", "")
    names = [n.strip() for n in _SPLIT.split(str(raw)) if n.strip()]
    orgs = [
        n
        for n in names
        if " ".join(n.casefold().split()) in _AGENCIES or _ORG_WORDS.search(n) or _EDITORS.search(n)
    ]
    sited = [n for n in names if n not in orgs and len(site) >= 3 and site in _fold(n)]
    people = [n for n in names if n not in orgs and n not in sited and not _ROLE.search(n)]
    return (", ".join(people) or None), orgs + sited, bool(sited) and not people


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


_EDITORS = re.compile(r"\beditors\b", re.IGNORECASE)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--set", choices=("wcxb", "fundus", "both"), default="wcxb")
    ap.add_argument(
        "--show-errors", choices=["title", "authors", "people", "published"], action="append"
    )
    ap.add_argument("--half", choices=["A", "B"], help="one half of the by-domain split")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()

    runners = {"clipper": run_clipper}
    if not args.no_trafilatura:
        runners["trafilatura"] = run_trafilatura
    # score[group][system][field]: group "all", "set <name>", "lang <code>"
    score: dict[str, dict[str, dict[str, list[bool]]]] = defaultdict(
        lambda: {s: {f: [] for f in FIELDS} for s in runners}
    )
    seconds = dict.fromkeys(runners, 0.0)
    shown = set(args.show_errors or [])
    errors: list[str] = []
    n = 0
    roots = list(SETS.values()) if args.set == "both" else [SETS[args.set]]
    for root in roots:
        for page in load_pages(root, limit=args.limit):
            if args.half and page.half != args.half:
                continue
            n += 1
            decoded = page.html.decode("utf-8", errors="replace")
            truth = page.truth
            if page.dataset == "wcxb":
                people, orgs, ambiguous = _wcxb_split(truth, page.domain)
            else:
                people, orgs = truth.get("author"), list(truth.get("credits") or [])
                ambiguous = False
            groups = ("all", f"set {page.dataset}", f"lang {page.language}")
            for system, run in runners.items():
                t0 = time.perf_counter()
                res = run(decoded, page.url)
                seconds[system] += time.perf_counter() - t0
                cells: dict[str, bool] = {}
                # (field, missed, label, detail): clipper's misses of the fields --show-errors
                # names are printed, one line each.
                misses: list[tuple[str, bool, str, str]] = []
                if (t := title_match(truth.get("title"), res["title"])) is not None:
                    cells["title"] = t
                    misses.append(
                        (
                            "title",
                            not t,
                            "title ",
                            f"want={truth['title']!r}\n{'':12}got ={res['title']!r}",
                        )
                    )
                if (a := authors_match(truth.get("author"), res["authors"])) is not None:
                    cells["authors"], cells["auth_any"] = a
                    want = f"want={truth.get('author')!r}"
                    misses.append(
                        ("authors", not a[0], "authors", f"{want} got={res['authors']!r}")
                    )
                elif not orgs:
                    cells["no_auth"] = not normalize_authors(res["authors"])
                    got = f"want=None got={res['authors']!r}"
                    misses.append(("authors", bool(res["authors"]), "authors", got))
                if (p := authors_match(people, res["authors"])) is not None:
                    cells["people"] = p[0]
                    got = f"want={people!r} orgs={orgs!r} got={res['authors']!r}"
                    misses.append(("people", not p[0], "people", got))
                elif orgs and not people and not ambiguous and page.dataset == "wcxb":
                    # The truth credits an organisation only: no person may be output.
                    cells["people"] = not normalize_authors(res["authors"])
                    got = f"want=None orgs={orgs!r} got={res['authors']!r}"
                    misses.append(("people", not cells["people"], "people", got))
                if (c := credits_kept(orgs, res["kept"])) is not None:
                    cells["credit"] = c
                if (d := published_match(truth.get("publish_date"), res["published"])) is not None:
                    cells["published"] = d
                    got = f"want={truth['publish_date']} got={res['published']}"
                    misses.append(("published", not d, "date ", got))
                if system == "clipper":
                    errors += [
                        f"{page.id} {label} {detail}  {page.url}"
                        for field, missed, label, detail in misses
                        if missed and field in shown
                    ]
                for g in groups:
                    for f, v in cells.items():
                        score[g][system][f].append(v)
    for line in errors:
        print(line)
    print(f"\n{n} pages" + (f" (domain half {args.half})" if args.half else ""))
    head = f"{'group':<14} {'system':<12} " + " ".join(f"{f:>9}" for f in FIELDS)
    print(head)
    keys = ["all"] + sorted(k for k in score if k.startswith("set "))
    keys += sorted(
        (k for k in score if k.startswith("lang ")),
        key=lambda k: -len(score[k]["clipper"]["title"]),
    )
    for key in keys:
        if key.startswith("set ") and len(roots) == 1:
            continue
        for system, sc in score[key].items():
            cells = [f"{mean(sc[f]):.4f}" if sc[f] else "-" for f in FIELDS]
            print(f"{key:<14} {system:<12} " + " ".join(f"{c:>9}" for c in cells))
        counts = score[key]["clipper"]
        print(f"{'':<14} {'(pages)':<12} " + " ".join(f"{len(counts[f]):>9}" for f in FIELDS))
    for system in runners:
        print(f"{system}: {1000 * seconds[system] / max(1, n):.1f} ms/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
