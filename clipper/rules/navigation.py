"""Navigation: "Skip to content", menus, breadcrumbs, edition switches."""

from __future__ import annotations

import re

from .base import Gate, Hit, PatternRule, PhraseRule, line_rule
from .data.words import NAVIGATION

_SKIP = PatternRule(
    "navigation.skip",
    re.compile(
        r"^\s*(?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search|footer|menu)\b",
        re.I,
    ),
    60,
    requires=("skip", "jump"),
)
_MENU = PhraseRule.of("navigation.menu", NAVIGATION, 40)
# "Home > News > World", "Home / Politics", "News › Politics › Elections"
_BREADCRUMB = PatternRule(
    "navigation.breadcrumb",
    re.compile(r"^\s*[\w&'. -]{1,30}(?:\s*[>›»/|]\s*[\w&'. -]{1,40}){1,6}\s*$"),
    120,
    requires=(">", "›", "»", "/"),
)


@line_rule(120, Gate(needles=_BREADCRUMB.requires))
def breadcrumb(line: str) -> Hit | None:
    # "A / B" could be a headline fragment ("Rock / Paper"): breadcrumbs start at home or have 2+ arrows.
    hit = _BREADCRUMB(line)
    if hit is None:
        return None
    arrows = len(re.findall(r"[>›»]", line))
    starts_home = line.strip().lower().startswith(("home", "start", "accueil", "inicio", "홈"))
    return hit if arrows >= 2 or (starts_home and arrows + line.count("/") >= 1) else None


RULES = (_SKIP, _MENU, breadcrumb)
