"""Where the dek goes: fundus-dev pages whose truth body opens with the lead paragraph the page
marks under its headline (issue 17, item 5).

Example:
    .venv/bin/python benchmarks/dek.py                 # clipper and trafilatura, fundus-dev
    .venv/bin/python benchmarks/dek.py --list          # one line a page

fundus-dev's truth keeps the dek in `body_paragraphs` for many publishers, and
`benchmarks/quality.py` scores the text against that body: a dek kept only in `subtitle` counts as
missed words there. This script finds the pages where the truth's first paragraph is printed in an
element whose class marks a dek or lead (dek, standfirst, subtitle, summary, lead, intro, excerpt,
teaser, Vorspann, Einleitung, preamble: the benchmark's own list, independent of clipper's) and
counts, for clipper, whether `subtitle` holds it and whether the text does; for trafilatura
(`bare_extraction`, the same page), whether its text or description does.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.datasets import FUNDUS, load_pages  # noqa: E402

_MARKED = re.compile(
    r"dek|standfirst|sub-?title|summary|lead|intro|excerpt|teaser|vorspann|einleitung|preamble",
    re.IGNORECASE,
)


def _key(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _marked_holder(tree: lxml.html.HtmlElement, first: str) -> str | None:
    """The class of the element that prints `first` (and little else) when it marks a dek."""
    want = _key(first)
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "script", "style"):
            continue
        own = _key(el.text_content())
        if own.startswith(want[:80]) and len(own) <= len(want) * 1.3 + 20:
            cls = " ".join(f"{a.get('class') or ''}" for a in (el, *list(el.iterancestors())[:1]))
            return cls if _MARKED.search(cls) else None
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--list", action="store_true", help="one line a page")
    args = ap.parse_args()
    import trafilatura

    import clipper

    counts = {"pages": 0, "subtitle": 0, "text": 0, "both": 0, "lost": 0, "traf_text": 0}
    for page in load_pages(FUNDUS):
        first = (page.truth.get("main_content") or "").split("\n\n")[0]
        tree = lxml.html.fromstring(page.html.decode("utf-8", "replace"))
        if not first or _marked_holder(tree, first) is None:
            continue
        want = _key(first)[:120]
        record = clipper.clean_html(page.html, page.url)
        in_sub = bool(record.subtitle) and _key(record.subtitle)[:120] == want
        in_text = want in _key(record.text)
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        traf = want in _key(getattr(doc, "text", None) if doc is not None else None)
        counts["pages"] += 1
        counts["subtitle"] += in_sub
        counts["text"] += in_text
        counts["both"] += in_sub and in_text
        counts["lost"] += not in_sub and not in_text
        counts["traf_text"] += traf
        if args.list:
            print(f"{page.id:<32} subtitle={in_sub!s:<5} text={in_text!s:<5} trafilatura={traf}")
    n = max(1, counts["pages"])
    print(f"fundus-dev pages whose truth body opens with a marked dek or lead: {counts['pages']}")
    for key in ("subtitle", "text", "both", "lost"):
        print(f"  clipper {key:<9} {counts[key]:>3}  ({counts[key] / n:.3f})")
    print(f"  trafilatura text {counts['traf_text']:>3}  ({counts['traf_text'] / n:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
