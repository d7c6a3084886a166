"""General rules only: every whole-line phrase of rules/data/words.py has support on the dev data.

The support file (training/word_support.json, written by training/word_support.py) counts, per
entry, the registrable domains of both dev sets whose browser copy has the entry as a whole line.
An entry needs three, or an explicit mark in `words.GENERAL`. When the datasets are present (they
are in CI), the counts are recomputed, so the committed file cannot go stale.
"""

from __future__ import annotations

import json
from types import ModuleType

import pytest
from support_files import assert_file_matches_the_dev_data, training_module


@pytest.fixture(scope="module")
def support() -> ModuleType:
    return training_module("word_support")


def test_every_entry_has_support_or_a_mark(support: ModuleType) -> None:
    counts = json.loads(support.OUT.read_text("utf-8"))
    # The file covers exactly the lists as they are now.
    assert {n: sorted(es) for n, es in counts.items()} == support.entries()
    print("\n".join(support.report(counts)))
    assert support.problems(counts) == []


def test_support_file_matches_the_dev_data(support: ModuleType) -> None:
    assert_file_matches_the_dev_data(support)


def test_a_single_site_phrase_is_refused(support: ModuleType) -> None:
    counts = {"SHOPPING": {"buy": 5, "track price": 1}, "SHARE": {"print": 4, "stampa": 0}}
    found = support.problems(counts)
    assert found == ["SHOPPING: 'track price' is on 1 registrable domain(s) and not marked general"]
    # A translation counts only while its anchor has the support itself.
    counts["SHARE"]["print"] = 2
    assert any("'stampa' is the same as 'print'" in p for p in support.problems(counts))
