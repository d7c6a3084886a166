"""DOM- and block-level pruning around trafilatura: captions, titles, end matter."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lxml.html import HtmlElement

from ..lexicon.punctuation import CJK_FULL_STOPS, CLAUSE_STOPS, ELLIPSIS, FULL_STOPS, sentence_end
from ..metadata.dates import parse_date
from ..models import Caption, Removal
from ..rules.captions import marked_text, photo, split_credit


@dataclass(slots=True)
class Block:
    """One block of the extracted body: its trafilatura tag ("p", "head", "list", ...) and text."""

    kind: str
    text: str


_WS = re.compile(r"\s+")
_CAPTION_XPATH = "//figure//figcaption|//*[contains(@class,'wp-caption-text')]"
_CREDIT_XPATH = (
    ".//*[contains(@class,'credit') or contains(@class,'copyright')"
    " or contains(@class,'photographer') or contains(@class,'attribution')]"
)


def _text(el: HtmlElement) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _split_credit(el: HtmlElement, whole: str) -> Caption:
    credit_els = el.xpath(_CREDIT_XPATH)
    credit = " ".join(t for t in (_text(c) for c in credit_els) if t) or None
    if credit and credit in whole:
        return Caption(_WS.sub(" ", whole.replace(credit, " ")).strip(), credit)
    if credit is None:
        # No credit element: the shared caption rules know "Photo: …", "(AP Photo/…)" and the like.
        hit = photo(whole)
        if hit is not None and hit.caption is not None and hit.caption.credit:
            return hit.caption
        # A figure's caption needs no finished sentence before its credit ("…警察官ら＝ＡＰ").
        split = split_credit(whole)
        if split is not None:
            return split
    return Caption(whole, credit)


def collect_captions(tree: HtmlElement) -> list[Caption]:
    """Figure captions with their credits, in page order, each once. Reads the tree only.

    Where the page marks its article (`<article>`, `<main>`), only figures inside it count:
    thumbnails of other stories carry captions too.
    """
    scope = tree.xpath("//article|//main") or [tree]
    captions: list[Caption] = []
    seen: set[str] = set()
    for root in scope:
        for el in root.xpath("." + _CAPTION_XPATH.replace("|//", "|.//") + "|.//img"):
            if not isinstance(el.tag, str):
                continue
            if el.tag == "img":
                # A line led by a caption sign right below a picture ("<img><p>▲ …</p>"): the
                # picture is the caption evidence the sign alone is not (rules.captions).
                el = _marked_below(el)
                if el is None:
                    continue
                whole = marked_text(_text(el)) or ""
            else:
                whole = _text(el)
            if not whole or whole in seen or len(whole) > 1000:
                continue
            seen.add(whole)
            captions.append(_split_credit(el, whole))
    return captions


def _marked_below(img: HtmlElement) -> HtmlElement | None:
    """The element printed right after a picture (after the picture's own wrappers: `<a>`,
    `<picture>`, a `<div>` holding nothing else) when a caption sign leads its text."""
    node = img
    for _ in range(3):
        nxt = node.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if (node.tail or "").strip():
            return None
        if nxt is not None:
            text = nxt.text_content()
            return nxt if len(text) <= 600 and marked_text(text) is not None else None
        parent = node.getparent()
        if parent is None or (parent.text or "").strip() or _text(parent):
            return None
        node = parent
    return None


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


# Headings or short lines after which a page holds no more story: related links, sources,
# author boxes, share bars, newsletter boxes, comment and tag footers. One entry a marker (a
# verbose-mode pattern matched as the whole line, punctuation at either end aside): each is a
# whole line of the browser copies of at least three registrable domains of the dev sets
# (training/end_support.py; tests/extract/test_end_support.py fails on an entry with less).
END_MARKERS: tuple[str, ...] = (
    r"""related(?:\s+(?:articles?|posts?|content|reading|stories|news|resources|links|topics|guides))?
        (?:\s+that\s+may\s+interest\s+you|\s+(?:and|&)\s+\w+|\s+from\s+.{1,40})?""",
    r"explore\s+more\b.{0,60}",
    r"""this\s+(?:story|article|post)\s+(?:was|is)\s+(?:originally\s+)?(?:written|published|produced
        |developed|funded|exclusive|made\s+possible)\b.{0,150}""",
    r"(?:recent|latest|popular|trending|similar|other|more)\s+(?:posts?|articles?|stories|news|reads?)",
    r"read\s+(?:this\s+)?next",
    r"up\s+next",
    r"keep\s+reading",
    r"more\s+(?:from|on|in|like\s+this|to\s+(?:read|explore))\b.{0,40}",
    r"you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in).{0,40}",
    r"enjoyed\s+(?:this|the)\s+(?:piece|article|post|story)\s*\?.{0,80}",
    r"(?:next|previous)\s+(?:article|post|story)\s*:.{0,100}",
    r"(?:request|book|get|schedule)\s+a\s+(?:free\s+)?(?:demo|quote|consultation)",
    r"reviewed\s+by,?:?.{0,60}",
    r"contributors?",
    r"authors?",
    r"more\s+by\s+.{1,40}",
    r"stay\s+ahead\b.{0,40}",
    r"(?:you\s+)?(?:got|have)\s+(?:any\s+)?questions\s*[?,!].{0,60}",
    r"need\s+(?:more\s+)?help\s*\?.{0,60}",
    r"manage\s+consent",
    r"social\s+media",
    r"become\s+a\s+(?:paid\s+)?(?:subscriber|member|patron)\b.{0,80}",
    r"follow\s+us(?:\s+on\s+.{0,30})?",
    r"(?:article\s+)?(?:sources?|citations?|bibliography|works\s+cited)",
    r"further\s+reading",
    r"about\s+the\s+authors?.{0,80}",
    r"written\s+by:?.{0,60}",
    r"share\s+(?:this|the)(?:\s+(?:article|post|story|page|content))?.{0,20}",
    r"(?:join|sign\s+up\s+for|subscribe\s+to)\s+(?:our|the)\s+.{0,30}newsletter.{0,30}",
    r"""(?:did\s+you\s+find|was)\s+this\s+(?:content|article|post|page|information)\s+
        (?:helpful|useful).{0,20}""",
    r"(?:leave|post)\s+a\s+(?:comment|reply)",
    r"\d*\s*comments?",
    r"(?:tags|filed\s+under|categories)\s*:.{0,200}",
)
_MARKER_FLAGS = re.IGNORECASE | re.VERBOSE


def marker_pattern(marker: str) -> re.Pattern[str]:
    """One end marker as `is_end_marker` matches it: the whole line, edge punctuation aside."""
    return re.compile(rf"^\W*(?:{marker})\W*$", _MARKER_FLAGS)


_END = marker_pattern("|".join(f"(?:{m})" for m in END_MARKERS))
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)|copyright\b)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _end_phrases() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """End-matter markers, copyright words and "read also" teaser markers of all languages in
    data/end_matter.json."""
    data = json.loads(resources.files(__package__).joinpath("data/end_matter.json").read_text())
    markers: set[str] = set()
    rights: list[str] = []
    teasers: set[str] = set()
    for lang, entry in data.items():
        if lang.startswith("_"):
            continue
        markers.update(_norm_line(m) for m in entry["markers"])
        teasers.update(_norm_line(m) for m in entry.get("teasers", ()))
        rights.extend(unicodedata.normalize("NFKC", r).casefold() for r in entry["rights"])
    return frozenset(markers), tuple(rights), frozenset(teasers)


_EDGE = re.compile(r"^[\W_\d]+|[\W_\d]+$")


def _norm_line(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_EDGE.sub("", text).split())


_COLON = re.compile(r"[:：]")


def is_end_marker(text: str) -> bool:
    """A short line that starts the end matter: "Related articles", "© 2025 …", "Tags: …", in
    any language of data/end_matter.json."""
    if len(text) >= 200:
        return False
    if _END.match(text) or _COPYRIGHT.match(text):
        return True
    markers, rights, _ = _end_phrases()
    line = _norm_line(text)
    if line in markers or _norm_line(_COLON.split(text, maxsplit=1)[0]) in markers:
        return True
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(r in folded for r in rights)


def is_teaser_marker(text: str) -> bool:
    """A line that points to one other story set into the text ("Lesen Sie auch", "À lire
    aussi"), in any language of data/end_matter.json: not the end of the story."""
    if len(text) >= 60:
        return False
    teasers = _end_phrases()[2]
    return _norm_line(text) in teasers or _norm_line(_COLON.split(text, maxsplit=1)[0]) in teasers


# A "read also" teaser takes at most this many headline-like lines after it.
_TEASER_LINES = 2


def _headline_like(block: Block) -> bool:
    return (
        "\n" not in block.text
        and _words(block.text) <= _TEASER_WORDS
        and not _SENTENCE_END.search(block.text)
    )


# End matter only counts once this share of the text is behind us: a "Sources" heading near the
# top is more likely a section of the story than its footer.
_END_AFTER = 0.5


# Prose after a marker that says the story goes on: a related box set into the article.
_PROSE_BLOCK_WORDS = 25
_PROSE_AFTER = 250
_BOX_MAX = 8


# Each block's words are counted by several rules in turn: counted once.
@lru_cache(maxsize=4096)
def _words(text: str) -> int:
    """Words of a block; in Chinese and Japanese, which put no spaces between words, every two
    characters of Han or kana count as one (a `\\w+` run there is a whole clause)."""
    words = len(_WORDS.findall(text))
    if text.isascii():
        return words
    ideo = len(_IDEOGRAPHS.findall(text))
    return words + ideo // 2 if ideo else words


# A marker followed by several lines that are a date alone ("Dec 19, 2025") heads a list of
# other posts, however long that list is next to the story: it may start before _END_AFTER.
_DATED_AFTER = 0.25
_DATED_ITEMS = 3


def _dated_items(rest: list[Block]) -> bool:
    count = 0
    for block in rest:
        if len(block.text) <= 80 and _is_date_line(block.text):
            count += 1
            if count >= _DATED_ITEMS:
                return True
    return False


def end_matter(blocks: list[Block]) -> list[tuple[int, str]]:
    """(index, rule) of the blocks that are end matter or a related box inside the story.

    A marker ("Related articles", "Sources", "© 2025 …") in the second half of the text starts
    the end matter, unless real paragraphs follow it: then only the marker and the short lines
    right after it (the box) go. A marker past the first quarter starts it too when three or
    more date lines follow (a list of dated posts).
    """
    total = sum(len(b.text) for b in blocks)
    out: list[tuple[int, str]] = []
    seen = 0
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if is_teaser_marker(block.text):
            # The marker and the teaser's headline go, wherever they are; the story goes on.
            j = i + 1
            while j < len(blocks) and j - i <= _TEASER_LINES and _headline_like(blocks[j]):
                j += 1
            out.extend((k, "html.related_box") for k in range(i, j))
            seen += sum(len(b.text) for b in blocks[i:j])
            i = j
            continue
        is_marker = is_end_marker(block.text)
        if is_marker and seen >= _DATED_AFTER * total and _dated_items(blocks[i + 1 :]):
            out.extend((j, "html.end_matter") for j in range(i, len(blocks)))
            return out
        if seen >= _END_AFTER * total and is_marker:
            rest = blocks[i + 1 :]
            prose = sum(w for b in rest if (w := _words(b.text)) >= _PROSE_BLOCK_WORDS)
            if prose < _PROSE_AFTER:
                out.extend((j, "html.end_matter") for j in range(i, len(blocks)))
                return out
            out.append((i, "html.related_box"))
            j = i + 1
            while (
                j < len(blocks)
                and j - i <= _BOX_MAX
                and blocks[j].kind != "head"
                and _words(blocks[j].text) < _PROSE_BLOCK_WORDS
            ):
                out.append((j, "html.related_box"))
                seen += len(blocks[j].text)
                j += 1
            seen += len(block.text)
            i = j
            continue
        seen += len(block.text)
        i += 1
    return out


_WORDS = re.compile(r"\w+")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_BY = re.compile(r"^\s*(?:by|written by|posted by|words by|story by|author)\s*[:\-]?\s+\S", re.I)
# Words that may sit next to a date in a page header: "Published June 23, 2025 10:39AM".
_LEAD_DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|reviewed|on|at|am|pm|est|edt|pst|pdt|gmt|utc|"
    r"date|min|mins|minute|minutes|read|reading|time)\b",
    re.I,
)


def _lead_end(blocks: list[Block]) -> int:
    """Index of the first block that reads as story (a sentence of some length)."""
    for i, block in enumerate(blocks):
        if _words(block.text) >= 20:
            return i
    return 0


def _is_date_line(text: str) -> bool:
    if len(text) > 80 or "\n" in text:
        return False
    if parse_date(text) is None:
        return False
    rest = _LEAD_DATE_WORDS.sub(" ", text)
    words = [w for w in _WORDS.findall(rest) if not w.isdigit()]
    return len(words) <= 3


def _is_byline(text: str, people: set[str]) -> bool:
    if len(text) > 100 or "\n" in text:
        return False
    key = _key(text)
    return bool(_BY.match(text)) or (bool(people) and key in people)


_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


def _is_breadcrumb(text: str, title_key: str | None) -> bool:
    """A list of a few one-to-three-word links, or one that ends with the headline."""
    items = [_ITEM.sub("", line).strip() for line in text.split("\n") if line.strip()]
    if len(items) < 2:
        return False
    if title_key and _key(items[-1]) == title_key:
        return True
    return len(items) <= 6 and all(_words(item) <= 3 for item in items)


_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
# "Jane Doe is a freelance writer …", "(John Roe is an associate attorney …": a bio of the author.
_BIO = re.compile(
    r"^\(?(?:about the author:\s*)?"
    + _NAME
    + r"(?:,\s*[^.]{0,60},)?\s+(?:is|was|has\s+been|has|holds|writes|covers|joined|started|"
    r"co-?founded|founded|serves|specializes|leads|brings)\b"
)
_BIO_ROLE = re.compile(
    r"\b(?:writer|editor|journalist|author|contributor|reporter|freelance|founder|co-?founder|"
    r"director|owner|ceo|cto|professor|faculty|specializ\w*|attorney|expert|columnist|blogger|"
    r"photographer|analyst|consultant|physician|nutritionist|dietitian|coach|certified)\b",
    re.IGNORECASE,
)
_BIO_LAST = 3
_BIO_AFTER = 0.6


def author_bio_start(blocks: list[Block]) -> int | None:
    """Index of an author bio among the last blocks (it and what follows go), or None."""
    total = sum(len(b.text) for b in blocks)
    seen = 0
    for i, block in enumerate(blocks):
        if (
            i >= len(blocks) - _BIO_LAST
            and seen >= _BIO_AFTER * total
            and len(block.text) < 800
            and _BIO.match(block.text)
            and _BIO_ROLE.search(block.text)
        ):
            return i
        seen += len(block.text)
    return None


# Notices about the page, not part of the story: cookie consent texts, affiliate-link notes.
# Two plain searches, not one pattern of two `(?=.*…)` lookaheads: a lookahead retried at every
# position made the test quadratic in the block's length.
_COOKIE_WORD = re.compile(r"\bcookies\b", re.I)
_COOKIE_CONTEXT = re.compile(r"\b(?:website|site|browser|consent|opt[- ]out)\b", re.I)
_AFFILIATE_NOTICE = re.compile(
    r"^\W*(?:(?:this|the)\s+(?:post|article|page|guide|review|story)\s+(?:may\s+)?"
    r"(?:contains?|includes?)\s+affiliate\s+links|prices?\s+(?:were|are)\s+accurate\s+at\s+the\s+time)",
    re.I,
)
# "We may earn a commission …", "If you buy through affiliate links …": the disclosure said
# anywhere in a short paragraph that is not a list item (lists of ways to earn are story).
_COMMISSION_NOTICE = re.compile(
    r"\b(?:we|i)\s+(?:may\s+|might\s+|will\s+)?(?:earn|receive|get)\s+(?:a\s+)?(?:small\s+)?"
    r"(?:affiliate\s+)?commissions?\b|\b(?:buy|purchase|click)\s+(?:something\s+)?through\s+"
    r"(?:our\s+|these\s+|the\s+)?(?:affiliate\s+)?links\b",
    re.I,
)
_COMMISSION_MAX = 400
# The fine print of a sign-up form: "By entering your email you agree to our Terms of Use …".
_CONSENT_NOTICE = re.compile(
    r"\bby\s+(?:signing\s+up|subscribing|clicking|submitting|continuing|entering|providing|"
    r"registering|creating\s+an\s+account)\b.{0,100}?\byou\s+(?:\w+\s+)?"
    r"(?:agree|consent|accept|acknowledge)",
    re.I | re.S,
)
_CONSENT_OBJECT = re.compile(
    r"\b(?:terms|privacy|policy|conditions|receive|e-?mails?|marketing|messages|newsletters?|"
    r"cookies)\b",
    re.I,
)
_NOTICE_MAX = 700


def notice_rule(text: str) -> str | None:
    """The rule name if a block is a cookie, affiliate or sign-up consent notice, else None."""
    if len(text) > _NOTICE_MAX:
        return None
    if _COOKIE_WORD.search(text) and _COOKIE_CONTEXT.search(text):
        return "html.cookie_notice"
    if _AFFILIATE_NOTICE.search(text):
        return "html.affiliate_notice"
    if len(text) <= _COMMISSION_MAX and not _ITEM.match(text) and _COMMISSION_NOTICE.search(text):
        return "html.affiliate_notice"
    if (
        len(text) <= _COMMISSION_MAX
        and _CONSENT_NOTICE.search(text)
        and _CONSENT_OBJECT.search(text)
    ):
        return "html.consent_notice"
    return None


# A block of this many words said twice on a page is a teaser or a pull quote the second time.
_REPEAT_WORDS = 8


_TEASER_RUN = 3
_TEASER_WORDS = 15
# Full stops of Latin script and of Chinese and Japanese, and clause ends.
_SENTENCE_END = re.compile(sentence_end(FULL_STOPS + CJK_FULL_STOPS + CLAUSE_STOPS + ELLIPSIS))


def teaser_run(blocks: list[Block]) -> range:
    """Indices of a run of headline-like lines that ends the page: links to other stories,
    service menus, contact boxes. Three or more short lines without a sentence among them."""
    k = len(blocks)
    while k > 0:
        text = blocks[k - 1].text
        if "\n" in text or _words(text) > _TEASER_WORDS or _SENTENCE_END.search(text):
            break
        k -= 1
    if k == 0 or len(blocks) - k < _TEASER_RUN:
        return range(0)
    return range(k, len(blocks))


# Excerpts cut off with an ellipsis, two or more in a row (headings between them allowed): the
# teasers of other stories ("Many people dream of becoming entrepreneurs, and often the…").
_CUT_OFF = re.compile(r"(?:\.\.\.|…)\s*$")
_CUT_OFF_RUN = 2
_CUT_OFF_WORDS = 40


def _is_cut_off(block: Block) -> bool:
    return (
        "\n" not in block.text
        and _words(block.text) <= _CUT_OFF_WORDS
        and bool(_CUT_OFF.search(block.text))
    )


def cut_off_runs(blocks: list[Block]) -> list[int]:
    """Indices of runs of two or more cut-off excerpts, with the headings inside a run."""
    flags = [_is_cut_off(b) for b in blocks]
    out: list[int] = []
    i = 0
    while i < len(blocks):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and (
            flags[j] or (blocks[j].kind == "head" and j + 1 < len(blocks) and flags[j + 1])
        ):
            j += 1
        if sum(flags[i:j]) >= _CUT_OFF_RUN:
            out.extend(range(i, j))
        i = j
    return out


# A long closing run of short lines after the last story paragraph: spec sheets, price lists,
# contact boxes, link lists with a full stop here and there.
_CLOSING_RUN = 8
_CLOSING_WORDS = 12
_STORY_WORDS = 20


def closing_run(blocks: list[Block]) -> range:
    """Indices of eight or more short blocks (none over twelve words) after the last paragraph
    that reads as story (twenty words or more, ending a sentence)."""
    last = None
    for i, block in enumerate(blocks):
        if _words(block.text) >= _STORY_WORDS and _SENTENCE_END.search(block.text):
            last = i
    if last is None or len(blocks) - last - 1 < _CLOSING_RUN:
        return range(0)
    if any(_words(b.text) > _CLOSING_WORDS for b in blocks[last + 1 :]):
        return range(0)
    return range(last + 1, len(blocks))


@dataclass(slots=True)
class Pruned:
    """What `prune_blocks` kept (with each block's index) and removed (index, removal)."""

    kept: list[Block]
    kept_index: list[int]
    removed: list[tuple[int, Removal]]


def _block_rule(
    i: int,
    block: Block,
    key: str,
    *,
    lead_end: int,
    title_key: str | None,
    headline_keys: frozenset[str],
    subtitle_key: str | None,
    caption_keys: set[str],
    people_keys: set[str],
) -> str | None:
    in_lead = i < lead_end
    if i < 3 and key in headline_keys:
        return "html.title"
    if subtitle_key and i < 3 and i <= lead_end and key == subtitle_key:
        return "html.subtitle"
    if key in caption_keys:
        return "html.figure"
    if (notice := notice_rule(block.text)) is not None:
        return notice
    if in_lead and _is_date_line(block.text):
        return "html.header_date"
    if in_lead and _is_byline(block.text, people_keys):
        return "html.byline"
    if in_lead and block.kind == "list" and _is_breadcrumb(block.text, title_key):
        return "html.breadcrumb"
    if in_lead and block.kind == "p" and _words(block.text) <= 4 and "\n" not in block.text:
        return "html.header_line"
    return None


def prune_blocks(
    blocks: list[Block],
    *,
    title: str | None,
    captions: list[Caption],
    people: tuple[str, ...] = (),
    subtitle: str | None = None,
    section: str | None = None,
) -> Pruned:
    """Blocks that are not story: the headline and dek repeated, the page header's date, byline
    and short lines, figure captions, page notices, repeats, end matter and author bios. The
    headline is also the one printed with its kicker (`section`) before it."""
    caption_keys = {_key(c.text) for c in captions if c.text} | {
        _key(f"{c.text} {c.credit}") for c in captions if c.credit
    }
    caption_keys.discard("")
    verdict: dict[int, str] = {}
    lead_end = _lead_end(blocks)
    title_key = _key(title) if title else None
    headline_keys = frozenset(
        k for k in (title_key, _key(f"{section} {title}") if title and section else None) if k
    )
    subtitle_key = _key(subtitle) if subtitle else None
    people_keys = {_key(p) for p in people if p.strip()}
    keys = [_key(b.text) for b in blocks]
    for i, block in enumerate(blocks):
        rule = _block_rule(
            i,
            block,
            keys[i],
            lead_end=lead_end,
            title_key=title_key,
            headline_keys=headline_keys,
            subtitle_key=subtitle_key,
            caption_keys=caption_keys,
            people_keys=people_keys,
        )
        if rule is not None:
            verdict[i] = rule

    def left() -> list[int]:
        return [i for i in range(len(blocks)) if i not in verdict]

    seen: set[str] = set()
    for i in left():
        key = keys[i]
        if key in seen and key.count(" ") + 1 >= _REPEAT_WORDS:
            verdict[i] = "html.repeated"
        seen.add(key)
    index = left()
    for j, rule in end_matter([blocks[i] for i in index]):
        verdict[index[j]] = rule
    index = left()
    bio = author_bio_start([blocks[i] for i in index])
    if bio is not None:
        verdict.update((i, "html.author_bio") for i in index[bio:])
    index = left()
    for j in cut_off_runs([blocks[i] for i in index]):
        verdict[index[j]] = "html.teaser_list"
    index = left()
    for j in teaser_run([blocks[i] for i in index]):
        verdict[index[j]] = "html.teaser_list"
    index = left()
    for j in closing_run([blocks[i] for i in index]):
        verdict[index[j]] = "html.closing_lines"
    kept_index = left()
    return Pruned(
        [blocks[i] for i in kept_index],
        kept_index,
        [(i, Removal(rule, blocks[i].text)) for i, rule in sorted(verdict.items())],
    )
