"""docs/reliability.md: every test it names as holding a promise exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reliability.md"
# `tests/x.py::test_a`, and `::test_b` meaning the same file as the reference before it.
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(test_\w+))?`")


def test_every_named_test_exists() -> None:
    checked = 0
    current: str | None = None
    for line in DOC.read_text().splitlines():
        for path, name in REFERENCE.findall(line):
            current = path or current
            assert current is not None, line
            source = (ROOT / current).read_text()
            if name:
                assert re.search(rf"^def {name}\(", source, re.M), f"{current}::{name} missing"
                checked += 1
    assert checked > 40
