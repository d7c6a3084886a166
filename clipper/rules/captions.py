"""Photo captions and credits: "▲… PHOTO: NAME/AGENCY", "(AP Photo/…)", "Photo by …", "Getty Images"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Caption
from .base import Gate, Hit, has_any, line_rule

# Markers that start a caption line in many outlets' templates.
_PHOTO_WORDS = r"photo|image|picture|illustration|caption|foto|fotografía|fotografia|bild|imagen"
_LEAD = re.compile(
    rf"^\s*(?:[▲△▶▷►◀◁▼▽■□◆◇●○※]+|(?:{_PHOTO_WORDS})\s*[:：]\s*|[（(](?:写真|照片|图|圖|사진)[）)]|图为|圖為)"
    r"\s*",
    re.I,
)
# The credit at the end of a caption: "PHOTO: NAME/AGENCY", "(AP Photo/Name)", "Photo: Name",
# "Credit: …", "/ Getty Images", "사진=…", "写真：…".
_CREDIT = re.compile(
    r"(?:\s|^)(?:(?:photo|photograph|image|picture|illustration|graphic|video|foto|bild|imagen)s?"
    r"(?:\s+credit)?\s*(?:(?:by|von|de|par)\b|[:：])|"
    r"credit\s*[:：]|source\s*[:：]|courtesy(?:\s+of)?|사진\s*[=:：]|写真\s*[:：=]|图片来源\s*[:：]|図\s*[:：])"
    r"\s*(?P<credit>[^\n]{2,120}?)\s*\)?\s*$",
    re.I,
)
# Chinese and Japanese credits closing a caption: "新华社记者 李华 摄", "…（共同）", "…＝ロイター".
_CJK_CREDIT = re.compile(
    r"(?:(?<=[\s。．.，,、])(?P<credit>(?:\S{0,12}记者\s*)?\S{1,8}\s*摄)"
    r"|[（(](?P<agency>共同|時事|ロイター|AP|AFP|新华社|新華社)[）)]"
    r"|＝(?P<eq>ロイター|共同|時事|AP|AFP|ＡＰ|ＡＦＰ))\s*$"
)
_AP_CREDIT = re.compile(
    r"\((?P<credit>(?:AP|AFP|Reuters|EPA|Getty|Yonhap|Xinhua|Kyodo)[^()]{0,20}?(?:Photo|Images?|Pool)[^()]{0,80})\)\s*$",
    re.I,
)
_AGENCIES = (
    r"(?:AFP via Getty Images|Getty Images|Shutterstock|Associated Press|ASSOCIATED PRESS|Reuters|REUTERS|"
    r"EPA-EFE|Bloomberg|iStock(?:photo)?|Alamy|Unsplash|Yonhap(?: News)?|Xinhua|NurPhoto|AFP|AP|EPA)"
)
# "Jim Watson/AFP via Getty Images" or a bare agency, at the end of a caption. Case matters: the
# credit is a capitalised name, which keeps ordinary words out of it.
_AGENCY_CREDIT = re.compile(
    rf"(?P<credit>(?:[A-Z](?:[\w'’-]*|\.)\s){{0,3}}[A-Z][\w'’-]*\s?/\s?{_AGENCIES}|{_AGENCIES})\s*$"
)
# "Photo by Jane Doe on Unsplash", "Photo: Jane Doe/Reuters" as the whole line.
_CREDIT_LINE = re.compile(
    r"^\s*(?:(?:photo|photograph|image|picture|illustration|cover image|header image|featured image"
    r"|foto|fotografía|fotografia|bild|imagen)s?\s*"
    r"(?:credit\s*)?(?:(?:by|von|de|par)\b|[:：]|courtesy(?:\s+of)?)|credit\s*[:：]|사진\s*[=:：]|写真\s*[:：=])"
    r"\s*(?P<credit>.{2,120})$",
    re.I,
)
_CREDIT_ONLY = re.compile(
    r"^\s*(?:\(?(?:AP|AFP|Reuters|EPA|Getty|Yonhap|Xinhua)\s+Photo[^()]{0,80}\)?|"
    r"(?:[\w.'-]+\s){0,4}[\w.'-]*\s?/\s?(?:Getty Images|Shutterstock|Associated Press|Reuters|AFP|AP|Bloomberg|iStock|Alamy)"
    r"(?:\s+via\s+Getty Images)?|Getty Images|iStock|Shutterstock)\s*$",
    re.I,
)


def _clean(text: str) -> str:
    # Runs of white space (str.isspace: what `\s` matches, no-break and thin spaces included) become
    # one space; str.split is several times cheaper than a regex substitution.
    return " ".join(text.split())


# A credit pattern ends the line, so its match starts at most this many characters from the end
# (keyword, spaces and a 120-character credit): searching from there gives the same match.
_CREDIT_REACH = 160
# _CJK_CREDIT can only match a line that ends in one of these (the text is stripped).
_CJK_ENDINGS = ("摄", ")", "）", "ロイター", "共同", "時事", "AP", "AFP", "ＡＰ", "ＡＦＰ")


_TRIGGERS = (
    "photo",
    "image",
    "picture",
    "illustration",
    "graphic",
    "video",
    "credit",
    "source",
    "courtesy",
    "사진",
    "写真",
    "图片",
    "図",
    "foto",
    "bild",
    "imagen",
    "摄",
    "共同",
    "時事",
    "ロイター",
    "ａｐ",
    "ａｆｐ",
)


_AGENCY_ENDINGS = (
    "images",
    "press",
    "reuters",
    "afp",
    "ap",
    "epa",
    "bloomberg",
    "istock",
    "shutterstock",
    "yonhap",
    "xinhua",
    "unsplash",
    "alamy",
)


def _may_be_caption(line: str) -> bool:
    """Cheap gate: a caption starts with a marker or holds a credit word, a slash or a parenthesis."""
    if _LEAD.match(line) is not None:
        return True
    # Credits close a caption: look at its end only.
    tail = line[-160:].lower()
    return has_any(tail, _TRIGGERS) or tail.rstrip().endswith(_AGENCY_ENDINGS)


# What `_may_be_caption` (and the credit rule's own ending test) asks, for the lower-cased line:
# a trigger word in the last 160 characters, an agency at the end, or what `_LEAD` matches at the
# start: a marker or a label word. `_LEAD` ignores case the `re` way, which also takes "ı", "İ"
# (lower-cased "i̇") and "ſ" for "i" and "s": a line holding one of them always passes.
_GATE = Gate(
    tail_needles=_TRIGGERS,
    tail=160,
    prefixes=(
        *"▲△▶▷►◀◁▼▽■□◆◇●○※",
        *_PHOTO_WORDS.split("|"),
        *(f"{b}{w}" for b in "（(" for w in ("写真", "照片", "图", "圖", "사진")),
        "图为",
        "圖為",
    ),
    needles=("ı", "\u0307", "ſ"),
    suffixes=(*_AGENCY_ENDINGS, "istock", "shutterstock"),
)


@line_rule(600, _GATE)
def photo(line: str) -> Hit | None:
    """A caption line: a caption marker, or a sentence ending in a photo credit."""
    if len(line) > 600 or not _may_be_caption(line):
        return None
    text = _clean(line)
    lead = _LEAD.match(text)
    reach = max(0, len(text) - _CREDIT_REACH)
    for pattern in (_CREDIT, _AP_CREDIT, _CJK_CREDIT):
        if pattern is _CJK_CREDIT and not text.endswith(_CJK_ENDINGS):
            continue
        m = pattern.search(text, reach)
        # Without a caption marker, the credit must follow a finished sentence and look like a name.
        if m and not lead and not _after_sentence(text[: m.start()]):
            continue
        if m and (lead or m.start() > 0):
            body = text[: m.start()].strip()
            if lead:
                body = (
                    body[lead.end() :].strip()
                    if body.startswith(lead.group(0).strip())
                    else _LEAD.sub("", body, count=1)
                )
            credit = next(v for v in m.groupdict().values() if v).strip(" )）")
            return (
                Hit("captions.photo", caption=Caption(body, credit) if body else None)
                if body or credit
                else None
            )
    if (
        lead
        and lead.group(0).strip()
        and not lead.group(0)
        .strip()
        .lower()
        .startswith(
            ("photo", "image", "picture", "illustration", "caption", "foto", "bild", "imagen")
        )
    ):
        # "▲ Caption text Name/Agency": the marker and an agency credit. A marker alone is no
        # caption evidence (subheads, list items and info boxes start with the same signs:
        # "◆用語＝…"): `beside_credits` takes it when a credit line follows.
        body = text[lead.end() :].strip()
        m = _AGENCY_CREDIT.search(body)
        if m:
            return Hit(
                "captions.photo",
                caption=Caption(body[: m.start()].strip(" /|·"), m.group("credit").strip()),
            )
        return None
    # Only a credit with a slash counts here: no slash, no need to look.
    m = _AGENCY_CREDIT.search(text) if "/" in text else None
    if m and len(text) < 400 and m.start() > 0 and "/" in m.group("credit"):
        body = text[: m.start()].strip(" /|·")
        # A sentence that merely ends in "…, Reuters" is not a caption: the credit must follow a
        # finished sentence.
        if _after_sentence(body):
            return Hit("captions.photo", caption=Caption(body, m.group("credit").strip()))
    return None


# The signs that start a caption in some outlets' templates ("▲ …" under a photo in Korean
# news) and a subhead, list item or info box in others.
CAPTION_MARKS = "▲△▶▷►◀◁▼▽■□◆◇●○※"


def marked_text(line: str) -> str | None:
    """The text of a line led by a caption sign (`CAPTION_MARKS`) without the sign, or None."""
    text = line.strip()
    if not text or text[0] not in CAPTION_MARKS:
        return None
    return text.lstrip(CAPTION_MARKS).strip() or None


def beside_credits(lines: Sequence[str], hits: list[Hit | None]) -> list[Hit | None]:
    """`hits` with each line led by a caption sign that no rule took and that a credit on a line
    of its own follows ("▲ A ferry leaves the harbour" / "Photo by Lee Jun") made a caption: the
    credit is the caption evidence the sign alone is not. Changes `hits` in place."""
    for i in range(1, len(hits)):
        hit = hits[i]
        if hit is None or hit.rule != "captions.credit" or hits[i - 1] is not None:
            continue
        body = marked_text(lines[i - 1])
        if body is not None and len(lines[i - 1]) <= _MARKED_MAX:
            hits[i - 1] = Hit("captions.photo", caption=Caption(_clean(body), None))
    return hits


# The longest line `photo` takes.
_MARKED_MAX = 600


def split_credit(text: str) -> Caption | None:
    """A text known to be a caption (a figure's) split into caption and the Chinese or Japanese
    credit that ends it ("…警察官ら＝ＡＰ", "…（共同）"), or None. Such captions print no full
    stop before the credit, which `photo` asks of a line without a caption sign."""
    text = _clean(text)
    m = _CJK_CREDIT.search(text, max(0, len(text) - _CREDIT_REACH))
    if m is None or m.start() == 0:
        return None
    credit = next(v for v in m.groupdict().values() if v).strip(" )）")
    body = text[: m.start()].strip()
    return Caption(body, credit) if body and credit else None


def _after_sentence(body: str) -> bool:
    # A closing parenthesis of either width ("（ソウルで、３日）＝ＡＰ").
    return bool(body) and body.rstrip()[-1:] in '.!?"”’)|·/）'


@line_rule(160, _GATE)
def credit(line: str) -> Hit | None:
    """A credit on a line of its own: "Photo by Jane Doe on Unsplash", "Getty Images"."""
    if (
        len(line) > 160
        or not _may_be_caption(line)
        and not line.rstrip().endswith(("Images", "iStock", "Shutterstock"))
    ):
        return None
    text = _clean(line)
    m = _CREDIT_LINE.match(text)
    if m:
        return Hit("captions.credit", caption=Caption("", m.group("credit").strip()))
    if _CREDIT_ONLY.match(text):
        return Hit("captions.credit", caption=Caption("", text.strip("() ")))
    return None


RULES = (credit, photo)
