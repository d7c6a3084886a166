"""Bylines: split into person names, tell people from outlets, drop role words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicon.en import MONTH_HEAD
from ..lexicon.outlets import (
    CREDENTIALS,
    DESK_WORDS,
    NAME_SUFFIXES,
    NOT_NAME_WORDS,
    ORG_WORDS,
    OUTLETS,
    ROLE_WORDS,
)

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_URL = re.compile(r"https?://\S{1,500}")
_BY = re.compile(
    r"^\s*(?:(?:by|von|par|por|di|door|av|written by|words by|text by|story by|reporting by|"
    r"posted by|published by|authored by|authors?|autor|auteur|texte)\s*:\s*|"
    r"(?:by|von|par|por|di|door|av|written by|words by|text by|story by|reporting by|"
    r"posted by|published by|authored by|"
    r"this\s+(?:post|article|story|piece|blog post)\s+(?:was\s+|is\s+)?(?:written|authored)\s+by)"
    r"\s+|(?-i:By(?=[A-Z][a-z])))",
    re.IGNORECASE,
)
# A line that credits a reviewer or an editor, not the writer ("Medically reviewed by …").
_REVIEWER = re.compile(
    r"^\s*(?:medically\s+|expert\s+|legally\s+)?(?:reviewed|fact[- ]?checked|edited|"
    r"verified|approved|checked)\s+by\b",
    re.IGNORECASE,
)
# A photo, image or video credit ("Foto: …", "Bild: …", "Photo by …", "사진=…"): the names in
# it took the pictures, they did not write the article.
_PHOTO_CREDIT = re.compile(
    r"^\s*(?:fotos?|bild(?:er)?|photos?|photograph(?:y|s)?|images?|pictures?|picture credit|"
    r"video|grafik|graphic|illustration|crédit photo|fotografía|immagine|kuva|사진|写真|撮影)"
    r"\s*(?:[:=|/]|\s+(?:by|von|par|por|di|av)\b|\s*©)",
    re.IGNORECASE,
)
# Affiliation markers after a name in a paper's author list: "Jane Doe 1", "Jane Doe 2*", "Jane Doe†".
_AFFILIATION = re.compile(r"(?<=[^\W\d])\s*(?:\d{1,2}\s*[*†‡]?|[*†‡¹²³⁴⁵⁶⁷⁸⁹]+)$")
# "Paramita (Guha) Ghosh": a maiden or middle name in brackets inside the name stays.
_INNER_PAREN = re.compile(r"\b([A-Z][a-z]+) \(([A-Z][a-z]+)\)(?= [A-Z])")
# Words left dangling when a date is cut from the end ("Posted by David at", "Jane Doe on").
# Lower case only: "Thanh Le" and "Jo An" end in a name.
_DANGLING_WORDS = (" at", " on", " in", " am")
_DANGLING_CHARS = " \t\r\n|•·,–—-"


def cut_dangling(text: str) -> str:
    """ "Posted by David at" → "Posted by David": the words and separators a cut date leaves.
    String operations, not a regex: a pattern for this backtracks on long blank runs."""
    while True:
        cut = text.rstrip(_DANGLING_CHARS)
        for word in _DANGLING_WORDS:
            if cut.endswith(word):
                cut = cut[: -len(word)]
                break
        if cut == text:
            return cut
        text = cut


# What follows the names in a byline line: dates, update notes, reviewers, "on behalf of".
_CUT = re.compile(
    r"(?<!\s)(?:\s+|\s*[|•·]\s*)(?:last\s+)?(?:updated|published|posted|modified|reviewed by|"
    r"fact[- ]checked by|edited by|medically reviewed|on behalf of|read more|follow\b|"
    r"\d+\s+min(?:ute)?s?\s+read|"
    r"on\s+(?:\w+day|(?:" + MONTH_HEAD + r")[a-z]*\.?\s+\d|\d))\b.*$",
    re.IGNORECASE,
)
# Separators between names; "and"/"und"/"et"/"y"/"e"/"&"/"、"/"·".
_SPLIT = re.compile(
    # ", and" (the serial comma) first: split at the comma alone, "and C" would be one part.
    r"(?<!\s)\s*(?:,\s*(?:and|und|et|y|e)\b|,\s*&|,|;|\band\b|\bund\b|\bet\b|\by\b|\be\b|&|、|·|"
    r"\|| / | [-–—] )\s*",
    re.IGNORECASE,
)
_DATE_TAIL = re.compile(
    r"(?<!\s)\s+(?:(?:updated|published|posted)\s*:?\s*)?(?:(?:"
    + MONTH_HEAD
    + r")[a-z]*\.?\s+\d{1,2}|\d{4}[-./]\d{1,2}|\d{1,2}\s+\w+\s+\d{4}).*$",
    re.IGNORECASE,
)
# A date anywhere in a byline line ("Dec 17, 2025 · Jane Doe"), removed before splitting.
_DATE_ANY = re.compile(
    r"(?:\b(?:on|posted(?:\s+on)?|published(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?)\s*:?\s+)?"
    r"\b(?:(?:" + MONTH_HEAD + r")[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+(?:" + MONTH_HEAD + r")[a-z]*\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline says: person names (as written) and outlets named in it."""

    raw: str
    authors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    emails: tuple[str, ...] = field(default=())


def _norm(name: str) -> str:
    n = name.strip().lower().strip(".,;:")
    return n[4:] if n.startswith("the ") else n


def is_outlet(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """True if `name` is a news outlet or organisation rather than a person."""
    n = _norm(name)
    if not n:
        return False
    if n in OUTLETS or n in extra or ("the " + n) in OUTLETS:
        return True
    words = re.findall(r"[\w'.-]+", n)
    if any(w.strip(".") in ORG_WORDS for w in words) or is_desk(name):
        return True
    # Domain names ("example.com") are outlets too.
    return bool(
        re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|io|news|kr|jp|cn|uk|de|fr)", n)
    )


# A desk code: short lower-case sigils joined by slashes ("srf/hosb", "dpa/lni"); beside one,
# a lone short lower-case word is another desk's code ("kesm").
_DESK_CODE = re.compile(r"[a-z0-9]{2,8}(?:/[a-z0-9]{2,8})+", re.IGNORECASE)
_LONE_CODE = re.compile(r"[a-z0-9]{2,8}")


def is_desk(name: str) -> bool:
    """A newsroom or desk credited as an author ("BR24 Redaktion", "Redacción", "srf/hosb")."""
    words = re.findall(r"[\w'.-]+", name.casefold())
    return bool(_DESK_CODE.fullmatch(name.strip())) or (
        0 < len(words) <= 5 and any(w in DESK_WORDS for w in words)
    )


def is_known_outlet(name: str) -> bool:
    """True if `name` is on the list of news outlets and agencies (not merely org-like)."""
    n = _norm(name)
    return bool(n) and (n in OUTLETS or ("the " + n) in OUTLETS)


def _split_trailing_outlet(name: str) -> tuple[str, str | None]:
    """ "Brian Truitt USA TODAY" → ("Brian Truitt", "USA TODAY"): a listed outlet glued on."""
    words = name.split()
    for k in range(min(4, len(words) - 2), 0, -1):
        tail = " ".join(words[-k:])
        if is_known_outlet(tail):
            return " ".join(words[:-k]), tail
    return name, None


def _drop_initials_badge(name: str) -> str:
    """ "CM Craig McCarthy" → "Craig McCarthy": an avatar's initials read as part of the name."""
    words = name.split()
    if len(words) >= 3 and words[0].isupper() and 2 <= len(words[0]) <= 3:
        initials = "".join(w[0] for w in words[1:]).upper()
        if initials.startswith(words[0]) or initials.endswith(words[0]):
            return " ".join(words[1:])
    return name


# "MackenzieLifestyle": a name glued to the job title after it (a copy joins inline elements).
_GLUED = re.compile(r"(?<=[a-zà-ÿ]{2})(?=[A-ZÀ-Þ][a-zà-ÿ])")


def _unglue(words: list[str]) -> list[str]:
    """ "Emma MackenzieLifestyle Writer" → "Emma Mackenzie": only when the words end in a role
    word, and never at "McDonald" (a glued part needs three letters before it)."""
    if len(words) < 2 or not _role(words[-1]):
        return words
    for j in range(1, len(words)):
        parts = _GLUED.split(words[j], maxsplit=1)
        if len(parts) == 2 and len(parts[0]) >= 3:
            return [*words[:j], parts[0]]
    return words


def _strip_roles(part: str) -> str:
    words = _unglue(part.split())
    # Drop role words at either end ("Staff Writer Jane Doe", "홍길동 기자", "Jane Doe, Reporter").
    while words and _role(words[0]):
        words.pop(0)
    while words and _role(words[-1]):
        words.pop()
    # Korean/Japanese role suffixes glued to the name: "홍길동기자".
    if len(words) == 1:
        for role in ("기자", "특파원", "記者", "特派員", "记者"):
            if words[0].endswith(role) and len(words[0]) > len(role):
                words[0] = words[0][: -len(role)]
    name = " ".join(words).strip(" ,:;-–—|")
    last = name.rsplit(" ", 1)[-1].lower()
    # A final period belongs to "Jr." or an initial, not to the sentence.
    if name.endswith(".") and last not in NAME_SUFFIXES and len(last) > 2:
        name = name.rstrip(".")
    return name


def _role(word: str) -> bool:
    w = word.lower().strip(".,:;()")
    return w in ROLE_WORDS


def looks_like_person(name: str) -> bool:
    """A rough test that `name` could be a person's name as printed in a byline."""
    if not name or len(name) > 60 or _EMAIL.search(name) or any(c.isdigit() for c in name):
        return False
    if is_outlet(name):
        return False
    if _CJK.search(name):
        # Japanese names are kanji (rarely kana alone); three hiragana make a phrase
        # ("メールでシェアする", "スクラップは会員限定です"), a button or a notice.
        return 2 <= len(name.replace(" ", "")) <= 12 and len(_HIRAGANA.findall(name)) < 3
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    # "The Commercial Appeal": people's names do not start with an article.
    if words[0].lower() in ("the", "a", "an", "our", "your", "my"):
        return False
    if words[0].lower() in _NOT_NAMES or name.lower() in _NOT_NAMES:
        return False
    if any(w.lower().strip(".,()") in NOT_NAME_WORDS for w in words):
        return False
    # "SEO", "CDC": a lone acronym is an organisation or a label, not a name.
    if len(words) == 1 and name.isupper() and len(name) <= 5:
        return False
    capitalised = sum(1 for w in words if w.lstrip("(")[:1].isupper() or w.lower() in _PARTICLES)
    return (
        capitalised == len(words)
        and len(words) >= 2
        or (len(words) == 1 and name[:1].isupper() and len(name) > 2)
    )


# Words that show up in author slots but are site furniture or placeholders, not people.
_NOT_NAMES = frozenset(
    """admin administrator webmaster editor editors staff guest user login logout sign register
    privacy policy contact about home menu search share subscribe newsletter anonymous unknown
    null none undefined team""".split()
)


def looks_like_handle(name: str) -> bool:
    """A user name as printed by a blog engine ("aawoods", "q_admin"): one token, no spaces."""
    return (
        bool(re.fullmatch(r"[A-Za-z][A-Za-z_.-]{2,30}", name))
        and name.count(".") <= 2  # "page.head.extra.author" is an unfilled template key
        and name.lower() not in _NOT_NAMES
        and name.lower() not in NOT_NAME_WORDS
        # "brandon-peaktwo": a URL slug, not the name the person goes by.
        and not ("-" in name and name.islower())
        and not re.fullmatch(r"(?:site|wp|web)?admin\w{0,3}|user\d*", name.lower())
    )


def is_photo_credit(text: str) -> bool:
    """ "Foto: Max Muster", "Photo by Jane Doe/AFP": a picture's credit, never a byline."""
    return bool(_PHOTO_CREDIT.match(text))


def is_reviewer_line(text: str) -> bool:
    """True for "Reviewed by …", "Fact checked by …", "Edited by …": a credit that is not
    the writer's."""
    return bool(_REVIEWER.match(text))


def looks_like_lowercase_name(name: str) -> bool:
    """ "kirstin boatto": a person's name typed in lower case into an author field. Only for
    fields that can hold nothing but the author; a page's text is not read this way."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(r"[a-z][a-z'-]+", w) for w in words)
        and not any(w in _NOT_NAMES or w in ROLE_WORDS or w in ORG_WORDS for w in words)
        and looks_like_person(name.title())
    )


_PARTICLES = frozenset("van von der den de da di del della du la le bin ibn al el st. y".split())


def split_authors(text: str) -> list[str]:
    """Split "A, B and C" / "A & B" into names, keeping suffixes ("King Jr.") and credentials
    ("Jane Doe, MD") with their name."""
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    names: list[str] = []
    for part in parts:
        token = part.strip().lower().rstrip(",")
        if names and (token in NAME_SUFFIXES or is_credential(token)):
            # Only a comma (or a semicolon) separates a suffix from its name: "Downey, Jr."
            # stays as written.
            names[-1] = f"{names[-1]}, {part.strip()}"
            continue
        names.append(part.strip())
    return names


def is_credential(token: str) -> bool:
    """True for post-nominal letters ("MD", "Ph.D.", "CEPF®", "M.D. FACLM")."""
    words = token.lower().replace("®", "").replace("™", "").split()
    return bool(words) and all(
        w.strip(",") in CREDENTIALS or w.strip(",").replace(".", "") in CREDENTIALS for w in words
    )


# A page asks about the same few lines several times (candidates, rows, name forms); the
# result is a frozen value, so repeated lines are answered from the cache.
@lru_cache(maxsize=4096)
def parse_byline(text: str, *, outlets: frozenset[str] = frozenset()) -> Byline:
    """Read a byline line: `By Jane Doe and John Roe, Reuters` → authors and outlets."""
    raw = " ".join(text.split())
    emails = tuple(_EMAIL.findall(raw))
    if _REVIEWER.match(raw) or _PHOTO_CREDIT.match(raw):
        return Byline(raw, (), (), emails)
    body = _URL.sub(" ", _EMAIL.sub(" ", raw))
    date = _DATE_ANY.search(body)
    head = cut_dangling(body[: date.start()]) if date else ""
    if head and parse_byline(head, outlets=outlets).authors:
        # Names come before the date; what follows it is a category, a comment count, a
        # read time ("by Jane Doe | Mar 11, 2023 | Brakes and Brake Repair | 0 comments").
        body = head
    body = _DATE_ANY.sub(" · ", body).strip(" ·|•-–—,")
    body = _BY.sub("", body)
    body = _CUT.sub("", body)
    body = _DATE_TAIL.sub("", body)
    # Brackets inside a name are hidden from the bracket remover, then put back.
    body = _INNER_PAREN.sub(lambda m: f"{m.group(1)} \u2060{m.group(2)}\u2061", body)
    body = re.sub(r"\([^)]{0,80}\)", " ", body)  # "(Reuters)", "(AP Photo)"
    body = body.replace("\u2060", "(").replace("\u2061", ")")
    authors: list[str] = []
    found_outlets: list[str] = []
    after_outlet = False
    parts = split_authors(body)
    coded = any(_DESK_CODE.fullmatch(p.strip()) for p in parts)
    for part in parts:
        part = _AFFILIATION.sub("", part.strip())
        if is_desk(part) or (coded and _LONE_CODE.fullmatch(part)):
            # "BR24 Redaktion", "srf/hosb;kesm": a desk and its codes are credits, kept whole.
            found_outlets.append(_BY.sub("", part).strip())
            after_outlet = True
            continue
        name = _strip_roles(part)
        name = _BY.sub("", name).strip()
        if not name:
            continue
        if is_outlet(name, outlets):
            person, outlet = _split_trailing_outlet(name)
            if outlet and not is_outlet(person, outlets) and looks_like_person(person):
                # "Tomas Ferreira The Associated Press": a name with its outlet glued on.
                if person not in authors:
                    authors.append(person)
                found_outlets.append(outlet)
                continue
            found_outlets.append(name)
            after_outlet = True
            continue
        if after_outlet and " " not in name:
            # "Center for Drug Evaluation and Research": the rest of the organisation's name.
            continue
        after_outlet = False
        if " " not in name and not _CJK.search(name) and len(part.split()) > 1:
            # "Staff Clinician", "Resy Staff": a role word beside one word is a label or a
            # brand's desk, not a person.
            continue
        name = _drop_initials_badge(name)
        person, outlet = _split_trailing_outlet(name)
        if outlet:
            found_outlets.append(outlet)
            name = person
        if looks_like_person(name.split(",")[0]):
            if name not in authors:
                authors.append(name)
    # "Jane Doe, Attorney at Morgan & Morgan": a lone word beside full names is a fragment
    # of a company or a label, not a second author.
    if any(" " in a for a in authors):
        authors = [a for a in authors if " " in a or _CJK.search(a)]
    return Byline(raw, tuple(authors), tuple(found_outlets), emails)


def byline_credits(
    outlets: Sequence[str], byline: str | None, authors: Sequence[str]
) -> tuple[str, ...]:
    """The organisations credited as authors: those the author fields name and those the
    printed byline names ("Von dpa", "Engin Haupt, MDR SACHSEN-ANHALT"), once each, in the
    order found; never a name that is among the authors."""
    names = list(outlets)
    if byline:
        names += parse_byline(byline).outlets
    people = {_norm(a) for a in authors}
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        name = " ".join(name.split()).strip(" ,;|")
        for person in authors:
            # "Vasilisa Stepanenko The Associated Press": a name glued to its outlet.
            head, sep, tail = name.partition(person)
            if sep:
                name = tail.strip(" ,;|") if not head.strip() and is_known_outlet(tail) else ""
        key = _norm(name)
        if name and _credit_shaped(name) and key not in seen and key not in people:
            seen.add(key)
            out.append(name)
    return tuple(out)


_NOT_CREDIT = re.compile(r"\d:\d|https?:|www\.|@|\.\s")


def _credit_shaped(name: str) -> bool:
    """An organisation's name, not a line that merely mentions one: six words at most, no
    clock time, address or sentence break ("News Joshua Whorms 12:43", "UK. View author …"),
    and not a phrase of lower-case words that a "by" happened to start ("by signing up for
    our services", "our engineering team"); one lower-case word is a desk code or an account
    ("dpa", "kesm")."""
    words = name.split()
    if len(words) > 6 or _NOT_CREDIT.search(name):
        return False
    return (
        len(words) == 1
        or any(not w[:1].islower() for w in words)
        or is_known_outlet(name)
        or is_desk(name)
    )


def canonical_outlet(name: str) -> str:
    """An outlet name without a leading article where the article is not part of the brand."""
    name = " ".join(name.split()).strip(" .,;:")
    return name
