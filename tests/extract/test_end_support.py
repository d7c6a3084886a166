"""General rules only: every end-matter marker of extract/_html_prune.py has support on the dev data.

The support file (training/end_support.json, written by training/end_support.py) counts, per
marker, the registrable domains of both dev sets whose browser copy has a line the marker matches
as a whole. A marker needs three. When the datasets are present (they are in CI), the counts are
recomputed, so the committed file cannot go stale.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from clipper.extract._html_prune import END_MARKERS, is_end_marker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def support() -> ModuleType:
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module("training.end_support")
    finally:
        sys.path.remove(str(ROOT))


def test_every_marker_has_support(support: ModuleType) -> None:
    counts = json.loads(support.OUT.read_text("utf-8"))
    # The file covers exactly the markers as they are now.
    assert sorted(counts) == sorted(END_MARKERS)
    print("\n".join(support.report(counts)))
    assert support.problems(counts) == []


def test_support_file_matches_the_dev_data(support: ModuleType) -> None:
    from benchmarks.datasets import SETS

    if not all((root / "text").is_dir() for root in SETS.values()):
        if os.environ.get("CI"):
            pytest.fail(f"the dev datasets are missing: {list(SETS.values())}")
        pytest.skip("dev datasets not present")
    assert support.compute() == json.loads(support.OUT.read_text("utf-8")), (
        "stale: run training/end_support.py"
    )


def test_a_marker_on_too_few_sites_is_refused(support: ModuleType) -> None:
    found = support.problems({"related": 40, "end of article": 1})
    assert found == ["end marker 'end of article' is on 1 registrable domain(s)"]


def test_single_site_markers_are_gone() -> None:
    # Markers that were a whole line on one or two dev sites only (issue 17).
    for line in ("End of article", "Footnotes", "How was this issue?", "Rate this article"):
        assert not is_end_marker(line), line
    assert is_end_marker("Related articles") and is_end_marker("Follow us on Facebook")
