import json
from pathlib import Path

import pytest

from clipper.errors import ClipperError
from clipper.models import SiteRules
from clipper.readers.rulefiles import load_site_rules
from clipper.rules import check_line, site_line_rules


def test_user_rules_are_named_and_applied(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps([{"name": "daily-quiz", "pattern": r"^Take today's quiz", "max_len": 80}])
    )
    rules = site_line_rules(SiteRules(load_site_rules(str(path))))
    hit = check_line("Take today's quiz!", rules)
    assert hit is not None and hit.rule == "site.daily-quiz"
    assert check_line("Take today's quiz!") is None


def test_bad_rules_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"name": "x", "pattern": "("}]')
    with pytest.raises(ClipperError, match="broken.json"):
        load_site_rules(str(path))


def test_rules_given_read_apply_without_a_file() -> None:
    import re

    from clipper import CleanOptions, clean_text
    from clipper.models import SiteRule

    rules = SiteRules((SiteRule("site.quiz", re.compile("^take today's quiz", re.I), 80),))
    text = "Take today's quiz\n\n" + "The council approved the budget on Tuesday evening. " * 6
    record = clean_text(text, options=CleanOptions(rules=rules))
    assert [r.rule for r in record.removed] == ["site.quiz"]
    assert "quiz" not in record.text
