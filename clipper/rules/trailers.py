"""Trailers after the story: "Write to … at …", "… contributed to this article", copyright lines."""

from __future__ import annotations

import re

from ..metadata.byline import looks_like_person, split_authors
from ..models import Contact
from .base import Gate, Hit, PatternRule, has_any, line_rule

EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_WRITE_TO = re.compile(
    r"^\s*(?:write to|contact|email|e-mail|reach|send tips to|tips\?? email|contact the (?:author|reporter)s?"
    r"|contact us at)\s+(?P<names>.{0,200}?)\s*(?:\bat\b|:)\s*(?P<emails>.*)$",
    re.I,
)
_EMAIL_ONLY = re.compile(
    r"^\s*(?:and\s+|,\s*)?(?:[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}[\s,;.]*(?:and\s+)?){1,10}$",
    re.I,
)
_CONTRIBUTED = re.compile(
    r"^\s*(?:[—–-]\s*)?(?P<names>\S.{1,199}?)\s+(?:contributed|also contributed)\s+(?:reporting\s+)?to\s+(?:this|the)\s+"
    r"(?:article|report|story)\.?\s*$",
    re.I,
)
_ADDITIONAL = re.compile(
    r"^\s*(?:[—–-]\s*)?(?:additional reporting by|reporting by|with reporting by|editing by|edited by|"
    r"writing by|compiled by|research by|graphics by)\s+(?P<names>.{2,300})$",
    re.I,
)
# What every `_ADDITIONAL` match holds, lower-cased.
_ADDITIONAL_WORDS = (
    "reporting by",
    "editing by",
    "edited by",
    "writing by",
    "compiled by",
    "research by",
    "graphics by",
)
_COPYRIGHT = PatternRule(
    "trailers.copyright",
    re.compile(
        # The symbol opens a copyright line; the word or "(c)" only with a year, the symbol, the
        # rights or a company after it ("Copyright Complexity in a Fragmented World" is a heading,
        # "(c) Train the staff" the third item of a list).
        r"^\s*(?:©|ⓒ)\s*\w|^\s*(?:copyright|\(c\))\s(?=.*(?:©|\b(?:19|20)\d\d\b|\brights\b|"
        r"\b(?:inc|ltd|llc|gmbh|corp|plc|co)\b))|all rights reserved|무단\s*전재|무단전재|"
        r"転載を禁じます|版权所有|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados",
        re.I,
    ),
    200,
    requires=(
        "copyright",
        "©",
        "(c)",
        "ⓒ",
        "rights",
        "무단",
        "転載",
        "版权",
        "rechte",
        "droits",
        "derechos",
    ),
)


def _names(text: str) -> list[str]:
    text = re.sub(
        r"(?<!\s)(?:\s*[;,]\s*|\s+)(?:editing|edited|writing) by\s+", ", ", text, flags=re.I
    )
    out = []
    for part in split_authors(text.strip(" .;")):
        name = part.strip(" .;—–-")
        if name and looks_like_person(name):
            out.append(name)
    return out


def pair_contacts(names: list[str], emails: list[str]) -> tuple[Contact, ...]:
    """Pair names with e-mail addresses: by surname in the address where possible, else in order."""
    left = list(emails)
    contacts: list[Contact] = []
    for name in names:
        surname = name.split()[-1].lower() if name.split() else ""
        match = next((e for e in left if surname and surname in e.lower()), None)
        if match is None and len(left) == len(names) - len(contacts):
            match = left[0] if left else None
        if match is not None:
            left.remove(match)
        contacts.append(Contact(name, match))
    contacts.extend(Contact(None, e) for e in left)
    return tuple(contacts)


_AT = Gate(needles=("@",))


@line_rule(400, _AT)
def write_to(line: str) -> Hit | None:
    """ "Write to Jane Doe at jane@example.com" (names → contacts)."""
    if len(line) > 400 or "@" not in line:
        return None
    m = _WRITE_TO.match(line)
    if not m:
        return None
    emails = EMAIL.findall(m.group("emails"))
    if not emails:
        return None
    names = _names(m.group("names"))
    return Hit("trailers.write_to", contacts=pair_contacts(names, emails))


@line_rule(200, _AT)
def email_continuation(line: str) -> Hit | None:
    """ "and jane@example.com": the rest of a "Write to" line that wrapped."""
    if len(line) > 200 or "@" not in line or not _EMAIL_ONLY.match(line):
        return None
    return Hit("trailers.write_to", contacts=tuple(Contact(None, e) for e in EMAIL.findall(line)))


@line_rule(300, Gate(needles=("contribut", " by ")))
def contributed(line: str) -> Hit | None:
    """ "—Gordon Lubold contributed to this article." (names → contributors)."""
    low = line.lower()
    if len(line) > 300 or ("contribut" not in low and " by " not in low):
        return None
    # Most lines that get here hold " by " in a sentence. An ASCII line can only match a pattern
    # that holds its words lower-cased (`re.I` also folds "ſ", "K" and "İ", which are not ASCII).
    ascii_only = line.isascii()
    m = _CONTRIBUTED.match(line) if "contribut" in low or not ascii_only else None
    if m:
        return Hit("trailers.contributed", contributors=tuple(_names(m.group("names"))))
    m = _ADDITIONAL.match(line) if not ascii_only or has_any(low, _ADDITIONAL_WORDS) else None
    if m:
        return Hit("trailers.contributed", contributors=tuple(_names(m.group("names"))))
    return None


# "홍길동 기자 hong@example.com", "Jane Doe, jane@example.com", "王小明 (wxm@example.cn)": a
# reporter's sign-off, the name with an address and nothing else.
_NAME_EMAIL = re.compile(
    r"^\s*(?:[—–-]\s*)?(?P<name>[^\W\d_][\w.'’ -]{0,58}?)\s*(?:기자|특파원|선임기자|객원기자|記者|记者)?"
    r"\s*[,(<（]?\s*(?P<email>[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})\s*[)>）]?\s*$"
)
# "责任编辑：张三", "編集：山田太郎", "편집: 홍길동": the desk editor's credit under the story.
_EDITOR = re.compile(
    r"^\s*[（(\[]?(?:责任编辑|責任編輯|编辑|編輯|編集|편집|에디터)\s*[:：]\s*(?P<names>[^\s)）\]].{0,58}?)"
    r"\s*[)）\]]?\s*$"
)


@line_rule(120, _AT)
def signoff(line: str) -> Hit | None:
    """A reporter's name and address alone on a line (names → contacts)."""
    if len(line) > 120 or "@" not in line:
        return None
    m = _NAME_EMAIL.match(line)
    if not m:
        return None
    name = m.group("name").strip(" ,.—–-")
    if not looks_like_person(name):
        return None
    return Hit("trailers.write_to", contacts=(Contact(name, m.group("email")),))


_EDITOR_WORDS = ("责任编辑", "責任編輯", "编辑", "編輯", "編集", "편집", "에디터")


@line_rule(80, Gate(prefixes=(*_EDITOR_WORDS, *(f"{b}{w}" for b in "（([" for w in _EDITOR_WORDS))))
def editor(line: str) -> Hit | None:
    """The desk editor's credit (names → contributors)."""
    if len(line) > 80:
        return None
    m = _EDITOR.match(line)
    if not m:
        return None
    names = [n for n in re.split(r"[\s、,，/]+", m.group("names")) if n and looks_like_person(n)]
    return Hit("trailers.contributed", contributors=tuple(names)) if names else None


RULES = (write_to, email_continuation, contributed, signoff, editor, _COPYRIGHT)
