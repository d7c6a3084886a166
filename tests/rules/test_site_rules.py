import json
from pathlib import Path

import pytest

from clipper.errors import ClipperError
from clipper.rules import check_line, load_site_rules


def test_user_rules_are_named_and_applied(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps([{"name": "daily-quiz", "pattern": r"^Take today's quiz", "max_len": 80}])
    )
    rules = load_site_rules(str(path))
    hit = check_line("Take today's quiz!", rules)
    assert hit is not None and hit.rule == "site.daily-quiz"
    assert check_line("Take today's quiz!") is None


def test_bad_rules_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"name": "x", "pattern": "("}]')
    with pytest.raises(ClipperError, match="broken.json"):
        load_site_rules(str(path))
