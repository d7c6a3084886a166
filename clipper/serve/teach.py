"""Teaching: a line the user points at becomes a keep or remove rule in the site's rule file."""

from __future__ import annotations

import json
import os
import re
import tempfile
from typing import Any

from ..errors import ClipperError
from ..readers.rulefiles import load_site_rules

__all__ = ["add_rule", "pattern_for", "read_rules"]

_DIGITS = re.compile(r"\d+")


def pattern_for(line: str) -> str:
    """A pattern for "lines like this": the whole line, numbers free (`\\d+`), spaces loose."""
    parts = []
    for piece in _DIGITS.split(line.strip()):
        parts.append(r"\s+".join(re.escape(word) for word in piece.split(" ")))
    return "^" + r"\d+".join(parts) + "$"


def read_rules(path: str) -> list[dict[str, Any]]:
    """The rules in a site's rule file ([] when there is none); ClipperError naming a bad file."""
    if not os.path.exists(path):
        return []
    load_site_rules.cache_clear()
    load_site_rules(path)  # the same checks as cleaning makes
    with open(path, encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


def add_rule(path: str, line: str, action: str, site: str) -> dict[str, Any]:
    """Add a rule for lines like `line` ("keep" or "remove") to the file at `path`, written whole
    (a temporary file renamed over it); an identical rule is not added twice."""
    if action not in ("keep", "remove"):
        raise ClipperError(f"unknown action {action!r} (keep or remove)", path)
    if not line.strip():
        raise ClipperError("an empty line cannot become a rule", path)
    rules = read_rules(path)
    pattern = pattern_for(line)
    for old in rules:
        if old.get("pattern") == pattern and old.get("action", "remove") == action:
            return old
    number = len(rules) + 1
    rule: dict[str, Any] = {
        "name": f"{action}-{number}",
        "pattern": pattern,
        "action": action,
        "example": line.strip(),
    }
    if action == "remove":
        rule["max_len"] = max(200, len(line.strip()) + 40)
    rules.append(rule)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{site}.", suffix=".tmp", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(rules, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    load_site_rules.cache_clear()
    return rule
