"""Support of each end-matter marker of clipper/extract/_html_prune.py on the dev data.

A marker's support is the number of registrable domains (benchmarks/datasets.py) of both dev sets
(WCXB dev articles and fundus-dev) on whose browser copy (text/*.txt) some line is the marker as
`is_end_marker` matches it (the whole line, under 200 characters, punctuation at either end
aside). A marker needs support >= MIN_SUPPORT; tests/extract/test_end_support.py enforces it.

Writes training/end_support.json (committed; the test checks the markers against it and, when the
datasets are present, recomputes it so it cannot go stale).

    .venv/bin/python training/end_support.py            # write the file, print the weak markers
    .venv/bin/python training/end_support.py --check    # compare with the committed file only
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import SETS, page_ids, registrable_domain  # noqa: E402
from clipper.extract._html_prune import END_MARKERS, marker_pattern  # noqa: E402

OUT = ROOT / "training" / "end_support.json"
MIN_SUPPORT = 3
# is_end_marker looks at lines shorter than this.
_MAX_LINE = 200


def _url_of(truth_path: Path) -> str | None:
    url = json.loads(truth_path.read_text("utf-8")).get("url")
    return url if isinstance(url, str) else None


def compute(roots: Iterable[Path] = SETS.values()) -> dict[str, int]:
    """{marker: number of registrable domains with a copy line that the marker matches}."""
    patterns = [(m, marker_pattern(m)) for m in END_MARKERS]
    domains: dict[str, set[str]] = {m: set() for m in END_MARKERS}
    for root in roots:
        for page_id in page_ids(root):
            text_path = root / "text" / f"{page_id}.txt"
            if not text_path.exists():
                continue
            domain = registrable_domain(_url_of(root / "truth" / f"{page_id}.json")) or page_id
            lines = {s for line in text_path.read_text("utf-8").splitlines() if (s := line.strip())}
            for line in lines:
                if len(line) >= _MAX_LINE:
                    continue
                for marker, pattern in patterns:
                    if domain not in domains[marker] and pattern.match(line):
                        domains[marker].add(domain)
    return {m: len(d) for m, d in domains.items()}


def problems(counts: dict[str, int]) -> list[str]:
    return [
        f"end marker {m!r} is on {n} registrable domain(s)"
        for m, n in counts.items()
        if n < MIN_SUPPORT
    ]


def report(counts: dict[str, int]) -> list[str]:
    return [f"{n:4d}  {' '.join(m.split())}" for m, n in counts.items()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = ap.parse_args()
    counts = compute()
    if args.check:
        same = json.loads(OUT.read_text("utf-8")) == counts
        print("up to date" if same else f"{OUT.name} is stale: run training/end_support.py")
        return 0 if same else 1
    OUT.write_text(json.dumps(counts, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print("\n".join(report(counts)))
    bad = problems(counts)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(counts)} markers, {len(bad)} breaking the rule")
    for line in bad:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
