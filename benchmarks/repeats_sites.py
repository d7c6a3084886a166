"""Cross-clipping repeats on the dev copies: per-site effect where a site has several copies, and
what an index over many sites (a misuse) would find.

The WCXB dev set has one page for most sites: only the few sites with `--min-pages` copies or more
can show the effect of `clipper repeats` + `clean --repeats`. For each, the site's copies are
indexed with the default thresholds and each copy is cleaned without and with the site's file;
the table gives body F1 (benchmarks/scoring.py) and whether the title and section changed. Then
all copies are indexed as one "site": with the default share nothing should qualify, and with
`--min-share 0` the lines found are counted in the truth bodies (why the share threshold exists).

Example:
    .venv/bin/python benchmarks/repeats_sites.py
    .venv/bin/python benchmarks/repeats_sites.py --min-pages 2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import Page, load_pages, score_body  # noqa: E402
from clipper import CleanOptions, RepeatIndex, clean_text  # noqa: E402
from clipper.repeats import RULE, normalize  # noqa: E402


def _per_site(pages: list[Page], min_pages: int, folder: str) -> None:
    by_site: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.text.strip():
            by_site[page.domain].append(page)
    before: list[float] = []
    after: list[float] = []
    print("site  page  lines  removed  F1 without -> with  title  section")
    for site, group in sorted(by_site.items()):
        if len(group) < min_pages:
            continue
        index = RepeatIndex()
        for page in group:
            index.add(page.text)
        path = os.path.join(folder, f"{site}.txt")
        written = index.write(path, force=True)
        options = CleanOptions(repeats=(path,))
        for page in group:
            plain = clean_text(page.text)
            marked = clean_text(page.text, options=options)
            f0 = score_body(page.body, plain.text).f1
            f1 = score_body(page.body, marked.text).f1
            before.append(f0)
            after.append(f1)
            removed = sum(r.rule == RULE for r in marked.removed)
            title = (
                "same" if plain.title == marked.title else f"{plain.title!r} -> {marked.title!r}"
            )
            section = (
                "same"
                if plain.section == marked.section
                else f"{plain.section!r} -> {marked.section!r}"
            )
            print(
                f"{site}  {page.id}  {written}  {removed}  {f0:.4f} -> {f1:.4f}  {title}  {section}"
            )
    if before:
        print(
            f"{len(before)} pages: mean body F1 {mean(before):.4f} -> {mean(after):.4f}; "
            f"better {sum(b > a for a, b in zip(before, after, strict=True))}, "
            f"worse {sum(b < a for a, b in zip(before, after, strict=True))}"
        )


def _mixed(pages: list[Page]) -> None:
    index = RepeatIndex()
    for page in pages:
        if page.text.strip():
            index.add(page.text)
    print(f"all {index.docs} copies as one site, default thresholds: {len(index.lines())} lines")
    loose = frozenset(index.lines(min_share=0.0))
    hit = [p for p in pages if loose & {normalize(line) for line in p.body.splitlines()}]
    print(
        f"... with --min-share 0: {len(loose)} lines, found in the truth body of "
        f"{len(hit)} of {len(pages)} pages"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--min-pages", type=int, default=3, help="sites with this many copies")
    args = parser.parse_args(argv)
    pages = list(load_pages())
    with tempfile.TemporaryDirectory() as folder:
        _per_site(pages, args.min_pages, folder)
    _mixed(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
