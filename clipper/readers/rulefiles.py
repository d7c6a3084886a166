"""The user's site-rule files (JSON) and repeats files (lines), read once into `SiteRules`.

This is the only place those files are opened: `clean`, `clean_html` and `clean_text` call
`read_rule_files` at the API boundary, and extraction and the rules get the frozen result.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import lru_cache

from ..errors import ClipperError
from ..extract.site_repeats import normalize
from ..models import CleanOptions, SiteRule, SiteRules

__all__ = ["COMMENT", "ESCAPE", "load_repeats", "load_site_rules", "read_rule_files"]

# Comment lines in a repeats file start with "#"; a repeated line that itself starts with "#" or
# with the escape is written with a backslash in front, so any line round-trips.
COMMENT = "#"
ESCAPE = "\\"


@lru_cache(maxsize=32)
def load_site_rules(path: str) -> tuple[SiteRule, ...]:
    """Rules a user wrote, from a JSON file: `[{"name": "site.promo", "pattern": "...", "max_len": 80}]`;
    `"action": "keep"` makes a keep rule (a matching line is never removed by a line rule).

    Names are prefixed `site.` so a removal always tells a user's rule from a built-in one.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, list):
            raise ValueError("the file must hold a JSON list of rules")
        rules = []
        for number, entry in enumerate(data, 1):
            if not isinstance(entry, dict):
                raise ValueError(f"rule {number} is not a JSON object")
            for key in ("name", "pattern"):
                if not isinstance(entry.get(key), str) or not entry[key]:
                    raise ValueError(f'rule {number} has no "{key}" (a string)')
            name = str(entry["name"])
            action = entry.get("action", "remove")
            if action not in ("remove", "keep"):
                raise ValueError(f'rule {number}: "action" must be "remove" or "keep"')
            keep = action == "keep"
            rules.append(
                SiteRule(
                    name if name.startswith("site.") else f"site.{name}",
                    re.compile(
                        str(entry["pattern"]),
                        re.IGNORECASE if entry.get("ignore_case", True) else 0,
                    ),
                    int(entry.get("max_len", 100_000 if keep else 200)),
                    keep,
                )
            )
        return tuple(rules)
    except (OSError, ValueError, KeyError, TypeError, RecursionError, re.error) as exc:
        raise ClipperError(f"cannot load site rules: {exc}", path) from exc


@lru_cache(maxsize=32)
def load_repeats(path: str) -> frozenset[str]:
    """The lines of a repeats file, normalised (a hand-edited file may add or drop lines);
    comment lines ("#") and blank lines skipped. Raises ClipperError naming the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError as exc:
        raise ClipperError("no such repeats file", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ClipperError(f"cannot read this repeats file: {exc}", path) from exc
    out: set[str] = set()
    for raw in text.splitlines():
        if raw.startswith(COMMENT):
            continue
        line = normalize(raw[1:] if raw.startswith(ESCAPE) else raw)
        if line:
            out.add(line)
    return frozenset(out)


def read_rule_files(options: CleanOptions) -> CleanOptions:
    """`options` with `rules` read from its `site_rules` and `repeats` files (each file read once
    per process); unchanged when `rules` is already set or no file is named."""
    if options.rules is not None or not (options.site_rules or options.repeats):
        return options
    rules = tuple(rule for path in options.site_rules for rule in load_site_rules(path))
    repeats: frozenset[str] = frozenset().union(*(load_repeats(p) for p in options.repeats))
    return replace(options, rules=SiteRules(rules, repeats))
