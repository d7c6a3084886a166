"""Rule and repeats files are read at the API boundary, once, into CleanOptions.rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clipper import CleanOptions, clean_text
from clipper.errors import ClipperError
from clipper.models import SiteRules
from clipper.readers.rulefiles import load_repeats, load_site_rules, read_rule_files

STORY = "The council approved the budget on Tuesday evening after a long debate. " * 6


def test_files_become_one_frozen_rule_set(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "quiz", "pattern": "^Take today's quiz"}]))
    repeats = tmp_path / "repeats.txt"
    repeats.write_text("# a comment\nMenu\n\\#tag\n")
    options = read_rule_files(CleanOptions(site_rules=(str(rules),), repeats=(str(repeats),)))
    assert options.rules is not None
    assert [r.name for r in options.rules.rules] == ["site.quiz"]
    assert options.rules.repeats == frozenset({"Menu", "#tag"})
    # Read once: the same objects come back for the same files.
    assert options.rules.rules == load_site_rules(str(rules))
    assert load_repeats(str(repeats)) is load_repeats(str(repeats))


def test_options_without_files_or_already_read_pass_through() -> None:
    plain = CleanOptions()
    assert read_rule_files(plain) is plain
    given = CleanOptions(repeats=("/no/such/file",), rules=SiteRules())
    # Rules given read: the files are not opened (this one does not exist).
    assert read_rule_files(given) is given


def test_the_api_reads_the_files_and_names_a_missing_one(tmp_path: Path) -> None:
    repeats = tmp_path / "repeats.txt"
    repeats.write_text("Sponsored links from our partners\n")
    record = clean_text(
        "Sponsored links from our partners\n\n" + STORY,
        options=CleanOptions(repeats=(str(repeats),)),
    )
    assert [r.rule for r in record.removed] == ["repeats.site"]
    with pytest.raises(ClipperError, match="missing.txt"):
        clean_text(STORY, options=CleanOptions(repeats=(str(tmp_path / "missing.txt"),)))
