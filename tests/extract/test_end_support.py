"""General rules only: every end-matter marker of extract/_html_prune.py has support on the dev data.

The support file (training/end_support.json, written by training/end_support.py) counts, per
marker, the registrable domains of both dev sets whose browser copy has a line the marker matches
as a whole. A marker needs three; an entry of data/end_matter.json (other languages) needs three
or an anchor with three (the English line it translates). When the datasets are present (they are
in CI), the counts are recomputed, so the committed file cannot go stale.
"""

from __future__ import annotations

import json
from types import ModuleType

import pytest
from support_files import assert_file_matches_the_dev_data, training_module

from clipper.extract._html_prune import END_MARKERS, is_end_marker


@pytest.fixture(scope="module")
def support() -> ModuleType:
    return training_module("end_support")


def test_every_marker_has_support(support: ModuleType) -> None:
    counts = json.loads(support.OUT.read_text("utf-8"))
    # The file covers exactly the markers and entries as they are now.
    assert sorted(counts["END_MARKERS"]) == sorted(END_MARKERS)
    assert sorted(counts["end_matter.json"]) == sorted(support.phrases()[0])
    print("\n".join(support.report(counts)))
    assert support.problems(counts) == []


def test_support_file_matches_the_dev_data(support: ModuleType) -> None:
    assert_file_matches_the_dev_data(support)


def test_a_marker_on_too_few_sites_is_refused(support: ModuleType) -> None:
    counts = {
        "END_MARKERS": {END_MARKERS[0]: 40, "end of article": 1},
        "end_matter.json": {"de markers: verwandte artikel": 0, "de markers: ende": 1},
    }
    found = support.problems(counts)
    # "verwandte artikel" is the same as "related articles", which the first marker ("related
    # …") matches.
    assert found == [
        "end marker 'end of article' is on 1 registrable domain(s)",
        "'de markers: ende' is on 1 registrable domain(s) and has no anchor",
    ]
    counts["END_MARKERS"][END_MARKERS[0]] = 2
    assert (
        "'de markers: verwandte artikel' is the same as 'related articles', which has support 2"
        in (support.problems(counts))
    )


def test_single_site_markers_are_gone() -> None:
    # Markers that were a whole line on one or two dev sites only (issue 17).
    for line in ("End of article", "Footnotes", "How was this issue?", "Rate this article"):
        assert not is_end_marker(line), line
    assert is_end_marker("Related articles") and is_end_marker("Follow us on Facebook")
