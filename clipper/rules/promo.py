"""Promotions: share and follow bars, newsletter boxes, related links, ads, cookie and paywall notices."""

from __future__ import annotations

import re

from .base import Gate, Hit, PhraseRule, line_rule
from .data.words import (
    ADVERTISING,
    COOKIES,
    FOLLOW,
    NEWSLETTER,
    PAYWALL,
    RELATED,
    RETAILERS,
    SHARE,
    SHOPPING,
)

_SHARE = PhraseRule.of("promo.share", SHARE, 60)
_FOLLOW = PhraseRule.of("promo.follow", FOLLOW, 80)
_NEWSLETTER = PhraseRule.of("promo.newsletter", NEWSLETTER, 80)
_RELATED = PhraseRule.of("promo.related", RELATED, 60)
_ADS = PhraseRule.of("promo.ad", ADVERTISING, 60)
_COOKIE_BUTTONS = PhraseRule.of("promo.cookies", COOKIES, 50)
_PAYWALL = PhraseRule.of("promo.paywall", PAYWALL, 80)
_SHOP = PhraseRule.of("promo.shop", SHOPPING, 60)

# A run of social network names: "Facebook Twitter LinkedIn Email".
_SOCIAL = re.compile(
    r"^(?:\s*(?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|email|e-mail|print|"
    r"copy link|instagram|youtube|tiktok|threads|bluesky|mastodon|flipboard|messenger|line|kakao(?:talk)?|"
    r"naver|weibo|wechat|sms)\s*[|,·•/]?){2,12}\s*$",
    re.I,
)
# "Sign up for our newsletter …", "Subscribe to …" when the line is a call to action.
_CTA = re.compile(
    r"^\s*(?:sign up|subscribe|register|join|get)\b.{0,80}\b(?:newsletter|inbox|email|updates|alerts|briefing|digest)\b",
    re.I,
)
_COOKIE_NOTICE = re.compile(
    r"\b(?:we use cookies|this (?:web)?site uses cookies|uses cookies to|by continuing to (?:use|browse)|"
    r"cookie (?:policy|settings|preferences)|accept (?:all )?cookies|wir verwenden cookies|"
    r"nous utilisons des cookies|utilizamos cookies|utilizziamo i cookie)\b",
    re.I,
)
# "Read more: <headline>", "ALSO READ | <headline>", "Related: <headline>".
_READ_MORE = re.compile(
    r"^\s*(?:read more|also read|read also|see also|related|more|recommended|watch|listen|"
    r"lesen sie auch|lire aussi|à lire aussi|lea también|leggi anche|leia também|관련기사)\s*[:|>»›\-–—]\s*\S",
    re.I,
)


_SOCIAL_FIRST = frozenset(
    "facebook twitter x linkedin whatsapp reddit pinterest telegram email e-mail print copy instagram "
    "youtube tiktok threads bluesky mastodon flipboard messenger line kakao kakaotalk naver weibo wechat sms".split()
)
_CTA_START = ("sign up", "subscribe", "register", "join", "get")
_READ_MORE_START = (
    "read",
    "also",
    "see",
    "related",
    "more",
    "recommended",
    "watch",
    "listen",
    "lesen",
    "lire",
    "à lire",
    "lea",
    "leggi",
    "leia",
    "관련",
)


# The first word, stripped of "|,·•/", is a network's name: the line starts with one of those
# characters or with the name.
_SOCIAL_GATE = Gate(prefixes=(*sorted(_SOCIAL_FIRST), *"|,·•/"))


@line_rule(160, _SOCIAL_GATE)
def social(line: str) -> Hit | None:
    first = line.split(None, 1)[0].strip("|,·•/").lower() if line.strip() else ""
    if first not in _SOCIAL_FIRST:
        return None
    return Hit("promo.share") if len(line) <= 160 and _SOCIAL.match(line) else None


@line_rule(160, Gate(prefixes=_CTA_START))
def call_to_action(line: str) -> Hit | None:
    if not line.lstrip().lower().startswith(_CTA_START):
        return None
    return Hit("promo.newsletter") if len(line) <= 160 and _CTA.match(line) else None


@line_rule(500, Gate(needles=("cookie",)))
def cookie_notice(line: str) -> Hit | None:
    if "cookie" not in line.lower():
        return None
    return Hit("promo.cookies") if len(line) <= 500 and _COOKIE_NOTICE.search(line) else None


_STORE = "|".join(re.escape(r) for r in sorted(RETAILERS, key=len, reverse=True))
_PRICE = r"[$€£]\s?\d[\d,.]*"
# A price widget's line: "$1,599.00 from Lowe's", "$75 AT AMAZON", "Amazon: $24.99".
_PRICE_AT_STORE = re.compile(
    rf"^\s*(?:(?:{_STORE})\s*[:\-–]?\s*{_PRICE}|(?:starting at\s+|from\s+)?{_PRICE}\s+"
    rf"(?:at|on|from|@)\s+(?:{_STORE}))\s*$",
    re.I,
)


@line_rule(80, Gate(needles=("$", "€", "£")))
def price_at_store(line: str) -> Hit | None:
    return Hit("promo.shop") if _PRICE_AT_STORE.match(line) else None


@line_rule(200, Gate(prefixes=_READ_MORE_START))
def read_more(line: str) -> Hit | None:
    if not line.lstrip().lower().startswith(_READ_MORE_START):
        return None
    return Hit("promo.related") if len(line) <= 200 and _READ_MORE.match(line) else None


RULES = (
    _SHARE,
    _FOLLOW,
    _NEWSLETTER,
    _RELATED,
    _ADS,
    _COOKIE_BUTTONS,
    _PAYWALL,
    _SHOP,
    social,
    call_to_action,
    cookie_notice,
    read_more,
    price_at_store,
)
