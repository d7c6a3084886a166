"""Clean text in, the same text out: each dev page's truth (`main_content`) given to clean_text.

The truth of a WCXB page is the article as a reader would keep it, so cleaning it again should
change nothing but pull the header lines (a leading title, a date) into their fields. Prints how
many pages come out with nothing removed, with header lines only, and with more; `--examples N`
lists what was taken from the others, by rule.

Example:
    .venv/bin/python benchmarks/clean_passthrough.py
    .venv/bin/python benchmarks/clean_passthrough.py --examples 3
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, load_pages  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    from clipper import clean_text
    from clipper.errors import ClipperError

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    parser.add_argument("--examples", type=int, default=0, help="list N removals per rule")
    args = parser.parse_args(argv)

    outcome: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for page in load_pages(root=args.root):
        if not page.body.strip():
            continue
        try:
            record = clean_text(page.body, page.url)
        except ClipperError as exc:
            outcome[f"error {exc.kind}"] += 1
            continue
        rules = {r.rule for r in record.removed}
        if not rules:
            outcome["nothing removed"] += 1
        elif all(rule.startswith("header.") for rule in rules):
            outcome["header lines only"] += 1
        else:
            outcome["more removed"] += 1
            for removal in record.removed:
                if removal.rule.startswith("header."):
                    continue
                by_rule[removal.rule] += 1
                shown = examples.setdefault(removal.rule, [])
                if len(shown) < args.examples:
                    shown.append(f"{page.id}: {removal.text[:90]!r}")
    total = sum(outcome.values())
    print(f"{total} truths given to clean_text as copied text (with their URL)")
    for name in ("nothing removed", "header lines only", "more removed"):
        print(f"  {name:18s} {outcome[name]:4d}  {outcome[name] / max(total, 1):.1%}")
    for name, count in sorted(outcome.items()):
        if name.startswith("error"):
            print(f"  {name:18s} {count:4d}")
    unchanged = outcome["nothing removed"] + outcome["header lines only"]
    print(f"text unchanged but for header lines: {unchanged / max(total, 1):.1%}")
    if by_rule:
        print("lines removed from the others, by rule:")
        for rule, count in by_rule.most_common():
            print(f"  {rule:28s} {count}")
            for example in examples.get(rule, []):
                print(f"      {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
