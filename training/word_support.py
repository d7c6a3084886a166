"""Support of each whole-line phrase of clipper/rules/data/words.py on the dev data.

An entry's support is the number of registrable domains (benchmarks/datasets.py) of both dev sets
(WCXB dev articles and fundus-dev) on whose browser copy (text/*.txt) some line *is* the entry as
its rule matches it: `rules.base.phrase_key(line)` equals the entry, and the line is no longer than
the rule's length cap. A list entry needs support >= MIN_SUPPORT, or an explicit mark in
`words.GENERAL` (a documented general pattern, e.g. the same button in another language as an
entry that has the support); tests/rules/test_word_support.py enforces it.

Writes training/word_support.json (committed; the test checks the lists against it and, when the
datasets are present, recomputes it so it cannot go stale).

    .venv/bin/python training/word_support.py            # write the file, print the weak entries
    .venv/bin/python training/word_support.py --check    # compare with the committed file only
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import SETS  # noqa: E402
from clipper.rules.base import phrase_key  # noqa: E402
from clipper.rules.data import words  # noqa: E402
from training.support import MIN_SUPPORT, check, checking, copies, write  # noqa: E402

OUT = ROOT / "training" / "word_support.json"

# The phrase lists and the length cap of the rule that matches each (clipper/rules/*.py).
LISTS: dict[str, int] = {
    "NAVIGATION": 40,
    "TICKER_LINKS": 40,
    "COMMENTS": 60,
    "SHARE": 60,
    "FOLLOW": 80,
    "NEWSLETTER": 80,
    "RELATED": 60,
    "SHOPPING": 60,
    "ADVERTISING": 60,
    "COOKIES": 50,
    "PAYWALL": 80,
    "LICENSING": 60,
}


def entries() -> dict[str, list[str]]:
    """Each list's entries as the rule stores them (lower case, single spaces)."""
    return {
        name: sorted({" ".join(w.lower().split()) for w in getattr(words, name) if w.strip()})
        for name in LISTS
    }


def line_keys(text: str, cap: int) -> dict[str, int]:
    """The phrase keys of a copy's lines no longer than `cap` characters, each with the length
    of its shortest line (a rule's length cap applies to the line, not to its key)."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and len(line) <= cap:
            key = phrase_key(line)
            out[key] = min(out.get(key, cap), len(line))
    return out


def compute(roots: Iterable[Path] = SETS.values()) -> dict[str, dict[str, int]]:
    """{list: {entry: number of registrable domains with a copy line that is the entry}}."""
    wanted = entries()
    cap = max(LISTS.values())
    all_keys = {e for es in wanted.values() for e in es}
    seen: dict[str, dict[str, int]] = defaultdict(dict)  # key -> domain -> shortest line
    for domain, text in copies(roots):
        for key, length in line_keys(text, cap).items():
            if key in all_keys:
                seen[key][domain] = min(seen[key].get(domain, cap), length)
    return {
        name: {
            e: sum(1 for length in seen.get(e, {}).values() if length <= LISTS[name]) for e in es
        }
        for name, es in wanted.items()
    }


def support_of(counts: dict[str, dict[str, int]], entry: str) -> int:
    """An entry's support in whichever list counts it highest."""
    return max((es.get(entry, 0) for es in counts.values()), default=0)


def problems(counts: dict[str, dict[str, int]]) -> list[str]:
    """Why each entry that breaks the rule breaks it: under MIN_SUPPORT domains and not marked
    general, or marked the same as an anchor that has no support of its own."""
    out = []
    for name, es in counts.items():
        for e, n in es.items():
            if n >= MIN_SUPPORT:
                continue
            mark = words.GENERAL.get(e)
            if mark is None:
                out.append(f"{name}: {e!r} is on {n} registrable domain(s) and not marked general")
            elif mark.startswith("same as: "):
                anchor = mark.removeprefix("same as: ")
                if (a := support_of(counts, anchor)) < MIN_SUPPORT:
                    out.append(f"{name}: {e!r} is the same as {anchor!r}, which has support {a}")
    return out


def report(counts: dict[str, dict[str, int]]) -> list[str]:
    """One line per entry: list, support, entry, and its mark when it has one."""
    return [
        f"{name:12s} {n:4d}  {e!r}" + (f"  ({words.GENERAL[e]})" if e in words.GENERAL else "")
        for name, es in counts.items()
        for e, n in sorted(es.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def main() -> int:
    only_check = checking(__doc__)
    counts = compute()
    if only_check:
        return check(OUT, counts)
    write(OUT, counts, sort_keys=True)
    total = sum(len(es) for es in counts.values())
    general = sum(1 for es in counts.values() for e, n in es.items() if n < MIN_SUPPORT)
    bad = problems(counts)
    print(
        f"wrote {OUT.relative_to(ROOT)}: {total} entries, {total - general} on >= {MIN_SUPPORT} "
        f"registrable domains, {general - len(bad)} marked general, {len(bad)} breaking the rule"
    )
    for line in bad:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
