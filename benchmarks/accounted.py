"""How much of a page's visible text an HTML record accounts for: in `text`, in a metadata field,
or in `removed` (issue 15, item 16: nothing visible may vanish without a reason).

Visible lines are the lines of the page's browser copy (text/<id>.txt: headless Chromium's
select-all, made independently of clipper). A line is accounted for when its words, in order,
occur in the record's text, in one of its metadata fields or captions, or in one `removed` entry.

Example:
    .venv/bin/python benchmarks/accounted.py                       # WCXB dev, all pages
    .venv/bin/python benchmarks/accounted.py --set fundus
    .venv/bin/python benchmarks/accounted.py --limit 50 --worst 5
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.datasets import SETS, load_page, page_ids  # noqa: E402

_WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _page(args: tuple[str, Path]) -> tuple[str, int, int, int, int, Counter[str]]:
    """(id, visible lines, in text or metadata, in removed, neither, lines per removal rule)."""
    page_id, root = args
    from clipper import clean_html
    from clipper.errors import ClipperError

    page = load_page(page_id, root)
    lines = [ln for ln in page.text.splitlines() if _WORD.search(ln)]
    try:
        rec = clean_html(page.html, page.url)
    except ClipperError:
        return page_id, len(lines), 0, 0, len(lines), Counter()
    fields = [rec.text, rec.title, rec.subtitle, rec.section, rec.byline, rec.publisher,
              rec.licensed_from, rec.dateline, *rec.authors, *rec.contributors,
              *(c.text for c in rec.captions), *(c.credit or "" for c in rec.captions),
              *(c.name for c in rec.contacts)]  # fmt: skip
    kept = _key("\n".join(f for f in fields if f))
    removed = [(r.rule, _key(r.text)) for r in rec.removed]
    in_text = in_removed = neither = 0
    rules: Counter[str] = Counter()
    for line in lines:
        key = _key(line)
        if key in kept:
            in_text += 1
            continue
        rule = next((name for name, text in removed if key in text), None)
        if rule is None:
            neither += 1
        else:
            in_removed += 1
            rules[rule] += 1
    return page_id, len(lines), in_text, in_removed, neither, rules


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="wcxb")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages least accounted")
    args = parser.parse_args(argv)
    root = SETS[args.set]
    ids = page_ids(root)[: args.limit]
    total = text = removed = neither = 0
    rules: Counter[str] = Counter()
    shares: list[tuple[float, str]] = []
    silent = 0
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for pid, n, t, r, x, by_rule in pool.map(_page, [(i, root) for i in ids], chunksize=4):
            total, text, removed, neither = total + n, text + t, removed + r, neither + x
            rules.update(by_rule)
            shares.append(((t + r) / n if n else 1.0, pid))
            silent += x > 0 and r == 0
    print(f"dataset={args.set} pages={len(ids)} visible lines (browser copy)={total}")
    print(f"  in text or metadata  {text / total:.4f}")
    print(f"  in removed           {removed / total:.4f}")
    print(f"  accounted for        {(text + removed) / total:.4f}   (target >= 0.98)")
    print(f"  neither              {neither / total:.4f}  ({neither} lines)")
    print(f"  pages with unaccounted lines and nothing removed: {silent}")
    print("  removed lines by rule: " + ", ".join(f"{k} {v}" for k, v in rules.most_common()))
    if args.worst:
        shares.sort()
        print(
            "least accounted pages: " + ", ".join(f"{p} {s:.3f}" for s, p in shares[: args.worst])
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
