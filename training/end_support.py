"""Support of each end-matter marker of clipper/extract/_html_prune.py on the dev data.

A marker's support is the number of registrable domains (benchmarks/datasets.py) of both dev sets
(WCXB dev articles and fundus-dev) on whose browser copy (text/*.txt) some line is the marker as
`is_end_marker` matches it (the whole line, under 200 characters, punctuation at either end
aside). An English marker (END_MARKERS) needs support >= MIN_SUPPORT. An entry of the other
languages (data/end_matter.json: markers and "read also" teasers as whole lines or before a
colon, copyright words anywhere in a short line) needs it too, or an anchor that has it: the
English line or other entry it translates (`_same_as` in the file), whose support is that of the
English marker matching the line or of that entry. tests/extract/test_end_support.py enforces it.

Writes training/end_support.json (committed; the test checks the markers against it and, when the
datasets are present, recomputes it so it cannot go stale).

    .venv/bin/python training/end_support.py            # write the file, print the weak markers
    .venv/bin/python training/end_support.py --check    # compare with the committed file only
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import SETS  # noqa: E402
from clipper.extract._html_prune import (  # noqa: E402
    _COLON,
    END_MARKERS,
    _norm_line,
    marker_pattern,
)
from training.support import MIN_SUPPORT, check, checking, copies, write  # noqa: E402

OUT = ROOT / "training" / "end_support.json"
PHRASES = ROOT / "clipper" / "extract" / "data" / "end_matter.json"
# is_end_marker looks at lines shorter than this.
_MAX_LINE = 200


def phrases() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The entries of data/end_matter.json ({"de markers: quellen": (kind, entry)}) and the
    `_same_as` anchors."""
    data = json.loads(PHRASES.read_text("utf-8"))
    out = {
        f"{lang} {kind}: {entry}": (kind, entry)
        for lang, lists in data.items()
        if not lang.startswith("_")
        for kind in ("markers", "teasers", "rights")
        for entry in lists.get(kind, ())
    }
    return out, dict(data.get("_same_as", {}))


def _lines(roots: Iterable[Path]) -> Iterable[tuple[str, set[str]]]:
    """(registrable domain, the copy's distinct lines under _MAX_LINE) of every page."""
    for domain, text in copies(roots):
        lines = {s for line in text.splitlines() if (s := line.strip())}
        yield domain, {line for line in lines if len(line) < _MAX_LINE}


def compute(roots: Iterable[Path] = SETS.values()) -> dict[str, dict[str, int]]:
    """{"END_MARKERS": {marker: domains}, "end_matter.json": {entry: domains}}: the number of
    registrable domains with a copy line that each matches."""
    import unicodedata

    patterns = [(m, marker_pattern(m)) for m in END_MARKERS]
    entries, _ = phrases()
    wanted: dict[str, list[str]] = {}
    rights: list[tuple[str, str]] = []
    for name, (kind, entry) in entries.items():
        if kind == "rights":
            rights.append((name, unicodedata.normalize("NFKC", entry).casefold()))
        else:
            wanted.setdefault(_norm_line(entry), []).append(name)
    domains: dict[str, set[str]] = {m: set() for m in (*END_MARKERS, *entries)}
    for domain, lines in _lines(roots):
        for line in lines:
            for marker, pattern in patterns:
                if domain not in domains[marker] and pattern.match(line):
                    domains[marker].add(domain)
            for key in {_norm_line(line), _norm_line(_COLON.split(line, maxsplit=1)[0])}:
                for name in wanted.get(key, ()):
                    domains[name].add(domain)
            folded = unicodedata.normalize("NFKC", line).casefold()
            for name, word in rights:
                if word in folded:
                    domains[name].add(domain)
    return {
        "END_MARKERS": {m: len(domains[m]) for m in END_MARKERS},
        "end_matter.json": {e: len(domains[e]) for e in entries},
    }


def anchor_support(counts: dict[str, dict[str, int]], anchor: str) -> int:
    """An anchor's support: that of the English markers matching it as a line, or of the
    end_matter.json entries that are it."""
    english = [n for m, n in counts["END_MARKERS"].items() if marker_pattern(m).match(anchor)]
    others = [n for e, n in counts["end_matter.json"].items() if e.split(": ", 1)[1] == anchor]
    return max([*english, *others], default=0)


def problems(counts: dict[str, dict[str, int]]) -> list[str]:
    out = [
        f"end marker {m!r} is on {n} registrable domain(s)"
        for m, n in counts["END_MARKERS"].items()
        if n < MIN_SUPPORT
    ]
    _, same_as = phrases()
    for name, n in counts["end_matter.json"].items():
        if n >= MIN_SUPPORT:
            continue
        entry = name.split(": ", 1)[1]
        anchor = same_as.get(entry)
        if anchor is None:
            out.append(f"{name!r} is on {n} registrable domain(s) and has no anchor")
        elif (a := anchor_support(counts, anchor)) < MIN_SUPPORT:
            out.append(f"{name!r} is the same as {anchor!r}, which has support {a}")
    return out


def report(counts: dict[str, dict[str, int]]) -> list[str]:
    _, same_as = phrases()
    lines = [f"{n:4d}  {' '.join(m.split())}" for m, n in counts["END_MARKERS"].items()]
    for name, n in counts["end_matter.json"].items():
        anchor = same_as.get(name.split(": ", 1)[1])
        lines.append(f"{n:4d}  {name}" + (f"  (same as {anchor!r})" if anchor else ""))
    return lines


def main() -> int:
    only_check = checking(__doc__)
    counts = compute()
    if only_check:
        return check(OUT, counts)
    write(OUT, counts)
    print("\n".join(report(counts)))
    bad = problems(counts)
    sizes = ", ".join(f"{len(v)} of {k}" for k, v in counts.items())
    print(f"wrote {OUT.relative_to(ROOT)}: {sizes}; {len(bad)} breaking the rule")
    for line in bad:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
