"""Article body from an HTML page: one lxml parse, trafilatura's core, and pruning around it."""

from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ..errors import ClipperError, CorruptInputError, NoArticleError
from ..lexicon.punctuation import SENTENCE_STOPS, sentence_end
from ..metadata.dateline import find_dateline
from ..metadata.html import PageMeta, read_html_metadata
from ..metadata.language import detect
from ..models import Caption, CleanOptions, Draft, Removal
from ..rules import clean_blocks, kept_by_rule, site_keep_rules, site_line_rules
from . import blockmodel, pageclip
from ._html_prune import Block, Pruned, collect_captions, prune_blocks
from ._prose import is_prose
from .blockmodel import DomBlock

__all__ = ["Block", "body_blocks", "extract_html", "parse_html"]

_PARSER = lxml.html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
    # The page is decoded already; re-encoded as UTF-8 it must not be re-read by its <meta charset>.
    encoding="utf-8",
    # huge_tree stays off: libxml2's limits on depth and text-node size are our guard against
    # hostile pages; a page beyond them is cut short, never a crash.
    huge_tree=False,
)
# lxml.html chooses each element's class in a Python method (forms, inputs and selects get
# classes of their own), called for every element Python touches: a million calls over 200
# pages. Nothing here uses those classes; one class for all, chosen in C, costs nothing.
_PARSER.set_element_class_lookup(
    lxml.etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)

# trafilatura logs every page it gives up on at WARNING; for us that is a normal outcome. Its and
# htmldate's loggers are set to CRITICAL only while a page is extracted and put back after:
# importing clipper configures no logging.
_QUIET_LOGGERS = ("trafilatura", "htmldate")
_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: list[tuple[logging.Logger, int]] = []


@contextmanager
def _quiet_third_party() -> Iterator[None]:
    """trafilatura's and htmldate's loggers at CRITICAL for the duration (nested and threaded
    calls included), their own levels back after."""
    global _quiet_depth
    with _quiet_lock:
        if _quiet_depth == 0:
            for name in _QUIET_LOGGERS:
                logger = logging.getLogger(name)
                _saved_levels.append((logger, logger.level))
                logger.setLevel(logging.CRITICAL)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for logger, level in _saved_levels:
                    logger.setLevel(level)
                _saved_levels.clear()


def parse_html(html: str, source: str | None = None) -> HtmlElement | None:
    """The page as an lxml tree, or None when there is nothing to parse."""
    if not html.strip():
        return None
    data = html.encode("utf-8", "replace")
    try:
        tree = lxml.html.document_fromstring(data, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    except (lxml.etree.LxmlError, MemoryError, RecursionError) as exc:
        raise CorruptInputError(f"cannot parse the HTML: {exc}", source) from exc
    if tree is None or not isinstance(tree.tag, str) or not len(tree):
        return None
    return tree


# A recall-focused extraction shorter than this many characters is checked against trafilatura's
# balanced cascade (which retries short results with justext); the longer wins when it is
# clearly longer. Recall focus alone sometimes stops at the first block of a page.
_SHORT_TEXT = 4000
_CLEARLY_LONGER = 1.5


def _extractor(url: str | None, *, recall: bool) -> Any:
    from trafilatura.settings import Extractor

    # Comments are never article text; metadata is read by our own step. Only the body tree
    # is read (body_blocks): with "python" output bare_extraction would also write the whole
    # body out as text, a second serialisation for nothing; with "txt" it leaves the tree.
    return Extractor(
        output_format="txt",
        comments=False,
        recall=recall,
        tables=True,
        images=False,
        links=False,
        formatting=False,
        url=url,
        with_metadata=False,
    )


# trafilatura drops every element whose class merely contains "embed" (share widgets, iframes),
# but site builders wrap tables and whole runs of story in such classes ("w-embed"). A wrapper
# that holds a table or paragraphs of prose, and no iframe, loses those class words first.
# Accordion panels (FAQ answers, collapsed sections) are hidden until clicked, and trafilatura
# drops hidden elements: a panel (the ARIA pattern, role=region named by its header, or an
# 'accordion' class) is shown first. One walk of the tree finds both kinds of candidates.
# One XPath for each kind, run only when the page's source holds its word: matching the class
# attribute nodes is several times cheaper than testing every element's class.
_EMBED_CLASSES = lxml.etree.XPath("//body//*/@class[contains(., 'mbed')]")
_ACCORDION_CLASSES = lxml.etree.XPath("//body//*/@class[contains(., 'ccordion')]")
_REGIONS = lxml.etree.XPath("//body//*[@role='region']")
_HOLDS_STORY = lxml.etree.XPath(
    "boolean((.//table or .//p[string-length(normalize-space(.)) > 120]) and not(.//iframe))"
)


def _has_embed_word(cls: str) -> bool:
    return any("embed" in token.lower() for token in cls.split())


def _without_embed_words(cls: str) -> str:
    """The class less every token holding "embed" (string work: a regex searched along a long
    class attribute would be quadratic)."""
    return " ".join(t for t in cls.split() if "embed" not in t.lower())


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none\s*;?", re.I)
_HIDDEN_CLASS = re.compile(r"(?<![\w-])(?:hidden|is-hidden|collapsed)(?![\w-])")


def _undo_false_discards(tree: HtmlElement, html: str | None = None) -> None:
    """Keep trafilatura from dropping story it mistakes for boilerplate: content in 'embed'
    wrappers, hidden accordion panels, classes that merely contain a boilerplate word.

    `html`, the page's source when given, lets the first walk be skipped for words it lacks.
    """
    for el in _candidates(tree, html):
        cls = el.get("class", "")
        if "mbed" in cls and _has_embed_word(cls) and _HOLDS_STORY(el):
            el.set("class", _without_embed_words(cls))
        elif "ccordion" in cls or (el.get("role") == "region" and el.get("aria-labelledby")):
            _show(el)
    _untangle_class_words(tree)


def _candidates(tree: HtmlElement, html: str | None) -> list[HtmlElement]:
    """The body's elements with "mbed" or "ccordion" in their class or role=region, each once
    (each is handled on its own attributes alone, so their order does not matter)."""
    found: dict[HtmlElement, None] = {}
    for word, classes in (("mbed", _EMBED_CLASSES), ("ccordion", _ACCORDION_CLASSES)):
        if html is None or word in html:
            for attr in classes(tree):
                found[attr.getparent()] = None
    if html is None or "region" in html:
        found.update(dict.fromkeys(_REGIONS(tree)))
    return list(found)


def _show(el: HtmlElement) -> None:
    style, cls = el.get("style", ""), el.get("class", "")
    if "none" in style:
        el.set("style", _HIDDEN_STYLE.sub("", style))
    if cls and _HIDDEN_CLASS.search(cls):
        el.set("class", _HIDDEN_CLASS.sub("", cls))
    el.attrib.pop("hidden", None)


# trafilatura matches boilerplate words as substrings of class names: 'bar' hits a 'bard' theme
# class, 'slide' a 'listicle-slides' story container, 'icon' a 'kt-accordion-icon-style', and
# 'sidebar' the 'main-with-sidebar' layout that holds the story. In an element that holds prose,
# a class part that merely contains such a word (and is not it, nor a compound naming the same
# boilerplate such as 'navbar') is renamed, and so is every part of a layout word ('with-',
# 'has-', '-layout-', 'template'), so that only whole words count.
_PRONE = re.compile(r"bar|slide|icon|menu|meta|expand|options|overlay|widget", re.I)
_PRONE_WORDS = frozenset(
    {"bar", "slide", "icon", "menu", "meta", "expand", "options", "overlay", "widget",
     "sidebar", "sidebars", "navbar", "topbar", "toolbar", "menubar", "bottombar", "submenu",
     "megamenu", "widgets", "icons", "metabox"}
)  # fmt: skip
_LAYOUT_PARTS = frozenset({"with", "has", "layout", "template", "main"})
_CLASS_PART = re.compile(r"[-_]")
_LONG_PARAGRAPHS = lxml.etree.XPath("//body//p[string-length(normalize-space(.)) > 150]")


def _untangle_word(word: str) -> str:
    parts = _CLASS_PART.split(word)
    layout = any(p.lower() in _LAYOUT_PARTS for p in parts)
    out = [
        "w" if _PRONE.search(p) and (layout or p.lower() not in _PRONE_WORDS) else p for p in parts
    ]
    return "-".join(out) if out != parts else word


def _prose_holders(tree: HtmlElement) -> list[HtmlElement]:
    """The elements that hold a paragraph of 150+ characters, each once (one pass up from each
    such paragraph, stopping where an earlier one went)."""
    holders: dict[HtmlElement, None] = {}
    for p in _LONG_PARAGRAPHS(tree):
        for up in p.iterancestors():
            if up in holders:
                break
            holders[up] = None
    return list(holders)


def _untangle_class_words(tree: HtmlElement) -> None:
    for el in _prose_holders(tree):
        cls = el.get("class", "")
        if _PRONE.search(cls):
            el.set("class", " ".join(_untangle_word(w) for w in cls.split()))
        # An id of four words or more is a slug of a heading ('menu-innovation-strategies-…'),
        # not a widget's name.
        ident = el.get("id", "")
        if _PRONE.search(ident) and len(_CLASS_PART.split(ident)) >= _SLUG_PARTS:
            el.set("id", _PRONE.sub("w", ident))


_SLUG_PARTS = 4


@dataclass(slots=True)
class Body:
    """The blocks the model kept, and every visible block of the page with its verdict."""

    blocks: list[Block]
    # For each of `blocks`, the page order of its first DOM block (its sort key among removals).
    origin: list[int]
    page: list[DomBlock]
    kept: list[bool]
    # `_block_key` of each of `page`, when the picker made them already.
    keys: list[str] | None = None

    def key(self, i: int) -> str:
        return self.keys[i] if self.keys is not None else _block_key(self.page[i].text)


def model_body(
    tree: HtmlElement,
    url: str | None,
    html: str | None = None,
    *,
    page: list[DomBlock] | None = None,
    page_clip: bool = False,
) -> Body:
    """The article's blocks as the block model picks them from the page's visible blocks, with
    trafilatura's body as one of its features. Reads the tree (trafilatura works on a copy).
    `page`: the tree's `blockmodel.dom_blocks`, when the caller has them. `page_clip`: the
    page is a clipped whole page without class, id or landmarks (`pageclip`'s model)."""
    page = blockmodel.dom_blocks(tree) if page is None else page
    theirs = _trafilatura_blocks(tree, url, html)
    extra = blockmodel.overlap(page, blockmodel.shingle_set([b.text for b in theirs]))
    if page_clip:
        kept = pageclip.decide(pageclip.score(page, extra), extra)
    else:
        kept = blockmodel.decide(blockmodel.score(page, extra), extra)
    blocks, origin = assemble(page, kept)
    return Body(blocks, origin, page, kept)


def _rules_body(tree: HtmlElement, url: str | None, html: str | None) -> Body:
    """The body as trafilatura and readability's rescue find it (the rules picker)."""
    page = blockmodel.dom_blocks(tree)
    blocks = _trafilatura_blocks(tree, url, html)
    block_keys = [_block_key(b.text) for b in blocks]
    rescued = _rescue_blocks(tree, blocks, block_keys)
    if rescued is not blocks:
        blocks, block_keys = rescued, [_block_key(b.text) for b in rescued]
    # A page block whose words, in order, are in the body is kept; the others are left out
    # (one substring search each in the body's words: the shingle overlap cost a fifth of the
    # page's time). A block with a word the body lacks cannot be in it: most menus and
    # teasers are ruled out by a set lookup of their first and last words, no search.
    body = " " + " ".join(block_keys) + " "
    words = set(body.split())
    keys = [_block_key(b.text) for b in page]
    kept = [_in_body(key, body, words) for key in keys]
    origin = _origins(keys, kept, blocks)
    return Body(blocks, origin, page, kept, keys)


def _in_body(key: str, body: str, words: set[str]) -> bool:
    """Whether `key`'s words, in order, are a run of `body`'s (`words`: the body's words)."""
    if key:
        first, _, rest = key.partition(" ")
        if first not in words or (rest and rest[rest.rfind(" ") + 1 :] not in words):
            return False
    return f" {key} " in body


# A clipping (an Evernote note, a Markdown clipping) is either the article region a clipper's
# readability pass already cut out, or a whole page ("Full page" clips). A whole page has menus:
# short blocks that are all link text, and they stand around the story: a header's menu before
# its first paragraph of prose, a footer's after its last. A clip where one block in twenty is
# such a block and ten or more of them stand outside the story is read as a page; any other
# keeps every block as the body's candidate, and the pruner and the line rules take out what
# does not belong. (An article clip holds link-only blocks too, inside the story: linked
# subheads, a list of resources, a table of contents; by share alone one article clip in six
# was read as a page.) A page clip has no class, id or HTML5 landmark left (ENML allows none),
# which is what trafilatura's rules and the block model's class words read; the page-clip model
# (`pageclip`: the block model's features and the page's shape, trained on dev pages saved as
# full-page clips) picks its body. (Both numbers were chosen on every tenth WCXB dev page,
# in-sample; the model's CV figures: docs/benchmarks.md.)
_MENU_WORDS = 6
_MENU_SHARE = 0.05
_MENU_OUTSIDE = 10


def _is_menu_item(block: DomBlock) -> bool:
    return len(block.text.split()) <= _MENU_WORDS and block.link_chars >= 0.9 * len(block.text)


def _menus_outside_story(page: list[DomBlock], menus: list[bool]) -> int:
    """Menu blocks before the first block of prose and after the last (all, if none is)."""
    prose = [i for i, block in enumerate(page) if is_prose(block.text)]
    if not prose:
        return sum(menus)
    return sum(menus[: prose[0]]) + sum(menus[prose[-1] + 1 :])


def is_page_clip(page: list[DomBlock]) -> bool:
    """Whether a clipping's visible blocks are a whole page's rather than an article's."""
    menus = [_is_menu_item(block) for block in page]
    return (
        sum(menus) >= _MENU_SHARE * len(page) and _menus_outside_story(page, menus) >= _MENU_OUTSIDE
    )


def _clip_body(tree: HtmlElement, url: str | None, html: str | None) -> Body:
    """The body of a clipping: every block of an article clip, the block model's for a page."""
    page = blockmodel.dom_blocks(tree)
    if not page:
        return _rules_body(tree, url, html)
    if is_page_clip(page):
        return model_body(tree, url, html, page=page, page_clip=True)
    kept = [True] * len(page)
    blocks, origin = assemble(page, kept)
    return Body(blocks, origin, page, kept)


def _origins(keys: list[str], kept: list[bool], blocks: list[Block]) -> list[int]:
    """A page position for each body block: that of the first kept DOM block it starts with
    (`keys`: the page blocks' `_block_key`)."""
    starts: dict[str, int] = {}
    for i, (key, keep) in enumerate(zip(keys, kept, strict=True)):
        if keep:
            starts.setdefault(key[:60], i)
    out = []
    last = 0
    for block in blocks:
        key = _block_key(block.text.removeprefix("- "))[:60]
        last = starts.get(key, last)
        out.append(last)
    return out


def _keep_left_out(body: Body, keep: tuple[Any, ...]) -> None:
    """The page's blocks the picker left out that a user's keep rule matches, put into the
    body in page order (docs/rules.md: a keep rule overrides where a line sits too)."""
    for i, (block, kept) in enumerate(zip(body.page, body.kept, strict=True)):
        if kept or not kept_by_rule(block.text, keep):
            continue
        at = bisect_right(body.origin, i)
        body.blocks.insert(at, Block("head" if block.tag in _HEADINGS else "p", block.text))
        body.origin.insert(at, i)
        body.kept[i] = True


def _keep_pruned(blocks: list[Block], pruned: Pruned, keep: tuple[Any, ...]) -> Pruned:
    """`pruned` with the blocks it removed (html.*) that a user's keep rule matches kept."""
    back = {i for i, removal in pruned.removed if kept_by_rule(removal.text, keep)}
    if not back:
        return pruned
    index = sorted({*pruned.kept_index, *back})
    removed = [(i, r) for i, r in pruned.removed if i not in back]
    return Pruned([blocks[i] for i in index], index, removed)


# Consecutive left-out blocks with one reason become one removal, their texts one per line.
def _left_out(body: Body, draft: Draft) -> list[tuple[int, Removal]]:
    """Removals for every visible block of the page the picker did not keep, grouped by the
    reason its place on the page gives (navigation, footer, sidebar, ...): nothing visible goes
    unaccounted. The headline and byline the metadata holds are named so."""
    named: dict[str, str] = {}
    for field_name, rule in (("title", "html.title"), ("subtitle", "html.subtitle"),
                             ("byline", "html.byline"), ("section", "html.section")):  # fmt: skip
        value = getattr(draft, field_name)
        if value:
            named[_block_key(value)] = rule
    out: list[tuple[int, Removal]] = []
    run: list[str] = []
    run_rule = ""
    run_at = 0
    for i, (block, keep) in enumerate(zip(body.page, body.kept, strict=True)):
        rule = "" if keep else named.get(body.key(i)) or blockmodel.landmark(block)
        if rule != run_rule and run:
            out.append((run_at, Removal(run_rule, "\n".join(run))))
            run = []
        if rule:
            if not run:
                run_at = i
            run.append(block.text)
        run_rule = rule
    if run:
        out.append((run_at, Removal(run_rule, "\n".join(run))))
    return out


def assemble(page: list[DomBlock], kept: list[bool]) -> tuple[list[Block], list[int]]:
    """Kept DOM blocks as body blocks: headings, paragraphs, a run of items of one list as one
    list block, the cells of a table as its rows. Also the page position of each."""
    out: list[Block] = []
    origin: list[int] = []
    group: Any = None
    for at, (block, keep) in enumerate(zip(page, kept, strict=True)):
        if not keep:
            group = None
            continue
        tag = block.tag
        if tag in ("li", "dt", "dd"):
            owner = _owner(block, ("ul", "ol", "dl", "menu"))
            if group is not None and group[0] == "list" and group[1] is owner and out:
                out[-1].text += f"\n- {block.text}"
            else:
                out.append(Block("list", f"- {block.text}"))
                origin.append(at)
            group = ("list", owner)
        elif tag in ("td", "th"):
            row = _owner(block, ("tr",))
            table = _owner(block, ("table",))
            if group is not None and group[0] == "table" and group[1] is table and out:
                sep = " | " if group[2] is row else "\n"
                out[-1].text += sep + block.text
            else:
                out.append(Block("table", block.text))
                origin.append(at)
            group = ("table", table, row)
        else:
            out.append(Block("head" if tag in _HEADINGS else "p", block.text))
            origin.append(at)
            group = None
    return out, origin


def _owner(block: DomBlock, tags: tuple[str, ...]) -> HtmlElement | None:
    for el in reversed(block.path):
        if el.tag in tags:
            return el
    return None


def _trafilatura_blocks(tree: HtmlElement, url: str | None, html: str | None = None) -> list[Block]:
    """trafilatura's body as blocks: recall focus first, its balanced cascade for short results."""
    from trafilatura import bare_extraction

    _undo_false_discards(tree, html)

    # bare_extraction copies the tree it is given, so ours stays as parsed for the second run.
    doc: Any = bare_extraction(tree, url=url, options=_extractor(url, recall=True))
    blocks = body_blocks(doc.body) if doc is not None else []
    length = sum(len(b.text) for b in blocks)
    if length < _SHORT_TEXT:
        doc = bare_extraction(tree, url=url, options=_extractor(url, recall=False))
        other = body_blocks(doc.body) if doc is not None else []
        if sum(len(b.text) for b in other) > _CLEARLY_LONGER * length:
            blocks = other
        elif blocks and other:
            # Recall focus sometimes leaves out paragraphs the balanced run keeps (quotes
            # between advert slots): its prose between paragraphs both runs found is let in.
            blocks = _merge_blocks(blocks, other)
    return blocks


# trafilatura sometimes drops paragraphs inside a story (a story split over several containers,
# paragraphs next to embeds). readability scores every paragraph's parent and joins the siblings
# of the best one, so it finds them; its paragraphs that trafilatura lacks are merged in when its
# text holds most of trafilatura's and is clearly longer. Only sentences of ten words or more
# are added: readability's headings, lists and short lines are as often menus and teasers as
# subheads (adding them lost F1 on the dev pages).
_RESCUE_LONGER = 1.2
_RESCUE_CONTAINS = 0.6
_RESCUE_WORDS = 10


def _rescue_blocks(
    tree: HtmlElement, blocks: list[Block], keys: list[str] | None = None
) -> list[Block]:
    """`blocks` with the prose paragraphs readability finds and trafilatura missed merged in
    (`keys`: each block's `_block_key`, when made already). `blocks` itself when nothing is.

    Mutates `tree` (readability cleans it as it scores): call it last.
    """
    length = sum(len(b.text) for b in blocks)
    # Below _SHORT_TEXT trafilatura's own cascade has weighed readability already.
    if length < _SHORT_TEXT:
        return blocks
    # Readability is the costliest step: run it only when the page has paragraphs of prose we
    # lack that could make up the difference in length it needs.
    if keys is None:
        keys = [_block_key(b.text) for b in blocks]
    if _missed_prose(tree, keys, (_RESCUE_LONGER - 1) * length) < (_RESCUE_LONGER - 1) * length:
        return blocks
    other = html_blocks(_readability(tree))
    if sum(len(b.text) for b in other) <= _RESCUE_LONGER * length:
        return blocks
    ours = _shingle_set(b.text for b in blocks)
    theirs = _shingle_set(b.text for b in other)
    if not ours or len(ours & theirs) < _RESCUE_CONTAINS * len(ours):
        return blocks
    merged = _merge_blocks(blocks, other, ours)
    # The gate let readability run for a fifth more text; a few lines let in are not what it
    # was run for, and they are mostly the page's furniture between the story's paragraphs
    # (an advert slot's "article continues below", a consent notice of an embed, a video's
    # caption): the rescue stands only when it adds that much.
    if sum(len(b.text) for b in merged) - length < (_RESCUE_LONGER - 1) * length:
        return blocks
    return merged


def _readability(tree: HtmlElement) -> HtmlElement:
    """readability's article element, taken before it is serialised: trafilatura's
    `try_readability` writes it out as a string and parses that again (a second parse of the
    page's story for nothing)."""
    from trafilatura.readability_lxml import Document

    class Kept(Document):
        node: HtmlElement | None = None

        def sanitize(self, node: HtmlElement, candidates: Any) -> str:
            super().sanitize(node, candidates)
            self.node = node
            return ""

    doc = Kept(tree, min_text_length=25)
    try:
        doc.summary()
    except Exception:  # readability on a tree it cannot score: no rescue
        return HtmlElement()
    return doc.node if doc.node is not None else HtmlElement()


def _missed_prose(tree: HtmlElement, keys: list[str], enough: float) -> int:
    """Characters of the page's long runs of text (one text node, twelve words or more) that
    none of our blocks holds (their first or last six words are not a run of one block's
    words; `keys`: the blocks' `_block_key`). Counting stops past `enough`.

    One substring search a probe in the blocks' words joined with a separator no word holds:
    the same answer as a set of every block's six-word runs, without building it.
    """
    ours = " " + " \x00 ".join(keys) + " "
    missed = 0
    for node in _LONG_TEXT(tree):
        words = _block_key(node).split()
        if len(words) >= _RUN_WORDS and (
            f" {' '.join(words[:_PROBE])} " not in ours
            or f" {' '.join(words[-_PROBE:])} " not in ours
        ):
            missed += len(node)
            if missed >= enough:
                break
    return missed


_PROBE = 6
_RUN_WORDS = 12
# Text nodes long enough to hold a run of prose, found by libxml2 rather than in Python.
_LONG_TEXT = lxml.etree.XPath(
    "//body//text()[string-length(normalize-space(.)) > 60]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript)]"
)


def _shingle_set(texts: Any) -> set[tuple[str, ...]]:
    words = _WORD.findall(" ".join(texts).casefold())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def _block_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _merge_blocks(
    ours: list[Block], other: list[Block], have: set[tuple[str, ...]] | None = None
) -> list[Block]:
    """Our blocks in order, with `other`'s prose blocks that we lack placed where `other` has
    them relative to the blocks both share. A block whose words are nearly all in ours already
    is not let in: the same paragraph split or joined differently (a subhead glued to its
    first paragraph in ours, apart in theirs) would be said twice (`have`: our blocks'
    `_shingle_set`, when made already)."""
    index: dict[str, int] = {}
    for i, block in enumerate(ours):
        index.setdefault(_block_key(block.text), i)
    known = {_block_key(b.text) for b in ours}
    out: list[Block] = []
    done = 0
    pending: list[Block] = []
    for block in other:
        key = _block_key(block.text)
        at = index.get(key)
        if at is not None:
            if at >= done:
                # Only paragraphs between two we share are let in: before our first and after
                # our last, readability's extra text is the page around the story.
                out.extend(ours[done:at])
                out.extend(pending if done or at else ())
                out.append(ours[at])
                done = at + 1
            else:
                out.extend(pending)
            pending = []
            continue
        if key in known or not _reads_as_prose(block):
            continue
        if have is None:
            have = _shingle_set(b.text for b in ours)
        if _mostly_in(block.text, have):
            continue
        known.add(key)
        pending.append(block)
    out.extend(ours[done:])
    return out


# A block with this share of its 4-word shingles in ours says what ours says already (a
# template of paragraphs that differ in a number or a name shares less).
_SAID_SHARE = 0.9


def _mostly_in(text: str, have: set[tuple[str, ...]]) -> bool:
    shingles = _shingle_set((text,))
    return bool(shingles) and len(shingles & have) >= _SAID_SHARE * len(shingles)


def _reads_as_prose(block: Block) -> bool:
    return (
        block.kind == "p"
        and len(_WORD.findall(block.text)) >= _RESCUE_WORDS
        and bool(_SENTENCE_END.search(block.text))
    )


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol", "dl"})
_LEAVES = frozenset({"p", "pre", "address"})
_BLOCKS = _HEADINGS | _LISTS | _LEAVES | {
    "div", "section", "article", "blockquote", "table", "figure", "main", "aside", "header",
    "footer", "form", "fieldset", "details", "center",
}  # fmt: skip


def html_blocks(root: HtmlElement) -> list[Block]:
    """An HTML fragment's text as blocks, the way `body_blocks` reads trafilatura's body."""
    blocks: list[Block] = []
    # Elements with a block element somewhere below them: walked into, not read whole.
    nested: set[HtmlElement] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            for up in el.iterancestors():
                if up in nested:
                    break
                nested.add(up)

    def add(kind: str, text: str | None) -> None:
        text = _squeeze(text or "")
        if text:
            blocks.append(Block(kind, text))

    def walk(el: HtmlElement) -> None:
        inline: list[str] = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _BLOCKS:
                add("p", "".join(inline))
                inline = []
                if tag in _HEADINGS:
                    add("head", _inline_text(child))
                elif tag in _LISTS:
                    items = [_inline_text(li) for li in child.iter("li", "dt", "dd")]
                    add("list", "\n".join(f"- {item}" for item in items if item))
                elif tag == "table":
                    rows = (
                        " | ".join(_inline_text(c) for c in tr.iter("td", "th"))
                        for tr in child.iter("tr")
                    )
                    add("table", "\n".join(rows))
                elif tag in _LEAVES or child not in nested:
                    add("p", _inline_text(child))
                else:
                    walk(child)
            elif tag == "br":
                inline.append("\n")
            elif tag:
                inline.append(_inline_text(child))
            inline.append(child.tail or "")
        add("p", "".join(inline))

    walk(root)
    return blocks


def _inline_text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def body_blocks(body: Any) -> list[Block]:
    """The body's top-level blocks as text, one block a paragraph (a list is one block)."""
    from trafilatura.xml import xmltotxt

    blocks: list[Block] = []
    for child in body:
        tail, child.tail = child.tail, None
        text = _squeeze(xmltotxt(child, False))
        child.tail = tail
        if text:
            blocks.append(Block(str(child.tag), text))
        if tail and tail.strip():
            blocks.append(Block("p", _squeeze(tail)))
    return blocks


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def _squeeze(text: str) -> str:
    lines = (_squeeze_line(line) for line in text.strip().split("\n"))
    return "\n".join(line for line in lines if line)


def _squeeze_line(line: str) -> str:
    # Most lines have single spaces only: five substring tests cost a twentieth of the
    # substitution that would change nothing.
    if "  " in line or "\t" in line or "\u00a0" in line or "\u2009" in line or "\u202f" in line:
        line = _SPACES.sub(" ", line)
    return line.strip()


def _read_metadata(tree: HtmlElement, url: str | None, source: str | None) -> PageMeta:
    try:
        return read_html_metadata(tree, url)
    except ClipperError:
        raise
    except Exception as exc:  # a third-party parser (htmldate, json) failing on odd input
        raise CorruptInputError(f"cannot read page metadata: {exc}", source) from exc


def _apply_metadata(draft: Draft, meta: PageMeta) -> None:
    draft.title = meta.title or draft.title
    draft.subtitle = meta.subtitle or draft.subtitle
    draft.section = meta.section or draft.section
    draft.byline = meta.byline or draft.byline
    draft.publisher = meta.publisher or draft.publisher
    draft.licensed_from = meta.licensed_from or draft.licensed_from
    draft.published = meta.published or draft.published
    draft.published_tz = meta.published_tz or draft.published_tz
    draft.modified = meta.modified or draft.modified
    draft.language = meta.language or draft.language
    draft.authors = list(meta.authors)
    draft.credits = list(meta.credits)
    draft.url = draft.url or meta.canonical_url


def _apply_rules(
    draft: Draft, paragraphs: list[str], options: CleanOptions
) -> tuple[list[str], list[tuple[int, Removal]]]:
    """The shared line rules (clipper.rules) over the extracted paragraphs.

    Returns the kept paragraphs and the removals with the index of the paragraph each removed.
    """
    result = clean_blocks(paragraphs, site_line_rules(options.rules))
    kept = set(result.kept_index)
    gone = [i for i in range(len(paragraphs)) if i not in kept]
    removed = list(zip(gone, result.removed, strict=True))
    for caption in result.captions:
        _add_caption(draft, caption)
    for contact in result.contacts:
        if contact not in draft.contacts:
            draft.contacts.append(contact)
    for name in result.contributors:
        if name not in draft.contributors:
            draft.contributors.append(name)
    if not draft.licensed_from and result.licensors:
        draft.licensed_from = result.licensors[0]
    return result.kept, removed


def _add_caption(draft: Draft, caption: Caption) -> None:
    if all(c.text != caption.text for c in draft.captions):
        draft.captions.append(caption)


def _detect_language(paragraphs: list[str], options: CleanOptions) -> str | None:
    return detect("\n".join(paragraphs[:20]), options.language)


def _find_dateline(draft: Draft, paragraphs: list[str]) -> None:
    for paragraph in paragraphs[:3]:
        found = find_dateline(paragraph)
        if found is not None:
            draft.dateline = found.place
            if found.agency and not draft.licensed_from:
                draft.licensed_from = found.agency
            return


def extract_html(
    html: str,
    url: str | None,
    options: CleanOptions,
    *,
    source: str | None = None,
    picker: str = "rules",
) -> Draft:
    """The article in `html` as a draft: body paragraphs, what was pruned and why, metadata.

    `picker` chooses how the body's blocks are found: "rules" (trafilatura with readability's
    rescue) or "model" (the block model over the page's visible blocks, trafilatura's body one
    of its features). "rules" is the default because it wins the cross-set figures
    (docs/benchmarks.md); benchmarks/quality.py runs both. "clip" is for clippings (Evernote
    notes, Markdown clippings): every block of an article clip, the page-clip model's picks
    (`pageclip`) for a clipped whole page (see `_clip_body`).

    A page without an article gives a draft with no paragraphs (or NoArticleError when
    `options.require_article`); malformed input never raises anything but a ClipperError.
    """
    with _quiet_third_party():
        return _extract_html(html, url, options, source, picker)


def _extract_html(
    html: str, url: str | None, options: CleanOptions, source: str | None, picker: str
) -> Draft:
    draft = Draft(url=url)
    tree = parse_html(html, source)
    if tree is None:
        return _no_article(draft, options, source)
    # Metadata reads the tree first: nothing below may have changed it yet.
    meta = _read_metadata(tree, url, source)
    _apply_metadata(draft, meta)
    try:
        captions = collect_captions(tree)
        if picker == "model":
            body = model_body(tree, url, html)
        elif picker == "clip":
            body = _clip_body(tree, url, html)
        else:
            body = _rules_body(tree, url, html)
    except ClipperError:
        raise
    except Exception as exc:  # trafilatura on a tree it cannot walk
        raise CorruptInputError(f"cannot extract the article: {exc}", source) from exc
    keep = site_keep_rules(options.rules)
    if keep:
        _keep_left_out(body, keep)
    blocks = body.blocks
    for caption in captions:
        _add_caption(draft, caption)
    people = (*draft.authors, *([draft.byline] if draft.byline else []))
    pruned = prune_blocks(
        blocks,
        title=draft.title,
        captions=captions,
        people=people,
        # A marked lead paragraph is the dek and the story's first paragraph both.
        subtitle=None if meta.subtitle_in_text else draft.subtitle,
        section=draft.section,
    )
    if keep:
        pruned = _keep_pruned(blocks, pruned, keep)
    paragraphs, rule_removed = _apply_rules(draft, [b.text for b in pruned.kept], options)
    # Every removal in page order, whichever step made it: the page's blocks the picker left
    # out (by where they sit), then what the pruner and the line rules took from the rest.
    at = body.origin
    removed = [(at[i], r) for i, r in pruned.removed]
    removed += [(at[pruned.kept_index[j]], r) for j, r in rule_removed]
    removed += _left_out(body, draft)
    draft.removed.extend(r for _, r in sorted(removed, key=lambda pair: pair[0]))
    if paragraphs and not _reads_as_article(paragraphs):
        draft.removed.extend(Removal("html.no_article", p) for p in paragraphs)
        paragraphs = []
    draft.paragraphs = paragraphs
    _find_dateline(draft, paragraphs)
    if paragraphs and not draft.language:
        draft.language = _detect_language(paragraphs, options)
    if not paragraphs:
        return _no_article(draft, options, source)
    return draft


_WORD = re.compile(r"\w+")
# Full stops of any script; a clause end (`:`) does not make a menu a sentence.
_SENTENCE_END = re.compile(sentence_end(SENTENCE_STOPS))
# The shortest story in the dev set has 53 words; menus and error pages that trafilatura's
# fallbacks dig up are a handful of words with no sentence among them.
_MIN_WORDS = 25


def _reads_as_article(paragraphs: list[str]) -> bool:
    """False for what is left of an index or error page: a few words, no sentence."""
    words = 0
    for p in paragraphs:
        words += len(_WORD.findall(p))
        if words >= _MIN_WORDS:
            return True
    return any(len(_WORD.findall(p)) >= 8 and _SENTENCE_END.search(p) for p in paragraphs)


def _no_article(draft: Draft, options: CleanOptions, source: str | None) -> Draft:
    if options.require_article:
        raise NoArticleError("no article text found in the page", source)
    draft.paragraphs = []
    return draft
