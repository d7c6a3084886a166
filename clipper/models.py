"""The clipping record and its parts, as frozen dataclasses (contract: RECORD.md)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

SourceType = Literal["html", "text", "warc", "jsonl", "mhtml", "enex", "markdown"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a clipping came from."""

    path: str | None = None
    type: SourceType = "text"
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "type": self.type, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption and its credit, taken out of the text."""

    text: str
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}


@dataclass(frozen=True, slots=True)
class Contact:
    """A person to write to, from "Write to … at …" lines and the like."""

    name: str | None
    email: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email}


@dataclass(frozen=True, slots=True)
class Removal:
    """One line or block taken out of the text, and the rule that took it."""

    rule: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "text": self.text}


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinite float (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Clipping:
    """One clean record. Field order is the JSONL key order of RECORD.md."""

    id: str
    url: str | None
    source: Source
    title: str | None
    subtitle: str | None
    section: str | None
    text: str
    byline: str | None
    authors: tuple[str, ...]
    contributors: tuple[str, ...]
    contacts: tuple[Contact, ...]
    publisher: str | None
    licensed_from: str | None
    #: Agencies, outlets and desks a byline or author field credits ("dpa", "BR24 Redaktion"):
    #: never people, who are in `authors`.
    credits: tuple[str, ...]
    published: str | None
    published_tz: str | None
    modified: str | None
    dateline: str | None
    language: str | None
    captions: tuple[Caption, ...]
    removed: tuple[Removal, ...]
    duplicate_of: str | None
    digest: str
    clipper_version: str
    # Fields beyond RECORD.md's list: when a capture was fetched (WARC-Date) and
    # scraper keys we were handed in JSONL input.
    fetched: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in RECORD.md key order, ready for JSON."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Source):
                out[f.name] = value.to_dict()
            elif isinstance(value, tuple):
                out[f.name] = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
            elif isinstance(value, Mapping):
                out[f.name] = dict(value)
            else:
                out[f.name] = value
        return out

    def to_json(self) -> str:
        """One JSONL line (without the newline), UTF-8 characters kept as they are.

        NaN and the infinities (from a caller's `extra`) are written as null: Python would
        write them as bare tokens, which are not JSON.
        """
        data = self.to_dict()
        try:
            return json.dumps(data, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
        except ValueError:
            return json.dumps(_finite(data), ensure_ascii=False, separators=(", ", ": "))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Clipping:
        """Rebuild a clipping from `to_dict` output (unknown keys are ignored)."""
        src = data.get("source") or {}
        return cls(
            id=data["id"],
            url=data.get("url"),
            source=Source(src.get("path"), src.get("type", "text"), src.get("offset")),
            title=data.get("title"),
            subtitle=data.get("subtitle"),
            section=data.get("section"),
            text=data.get("text", ""),
            byline=data.get("byline"),
            authors=tuple(data.get("authors") or ()),
            contributors=tuple(data.get("contributors") or ()),
            contacts=tuple(
                Contact(c.get("name"), c.get("email")) for c in data.get("contacts") or ()
            ),
            publisher=data.get("publisher"),
            licensed_from=data.get("licensed_from"),
            credits=tuple(data.get("credits") or ()),
            published=data.get("published"),
            published_tz=data.get("published_tz"),
            modified=data.get("modified"),
            dateline=data.get("dateline"),
            language=data.get("language"),
            captions=tuple(Caption(c["text"], c.get("credit")) for c in data.get("captions") or ()),
            removed=tuple(Removal(r["rule"], r["text"]) for r in data.get("removed") or ()),
            duplicate_of=data.get("duplicate_of"),
            digest=data["digest"],
            clipper_version=data["clipper_version"],
            fetched=data.get("fetched"),
            extra=data.get("extra"),
        )

    @classmethod
    def from_json(cls, line: str) -> Clipping:
        return cls.from_dict(json.loads(line))

    def with_changes(self, **changes: Any) -> Clipping:
        """A copy with some fields replaced (the record itself is frozen)."""
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class SiteRule:
    """One line rule a user wrote (docs/rules.md): lines matching `pattern` and no longer than
    `max_len` characters are removed as `name` (always `site.`-prefixed), or, with `keep`, kept
    whatever the line rules say."""

    name: str
    pattern: re.Pattern[str]
    max_len: int = 200
    #: A keep rule ("action": "keep"): a matching line is never removed by a line rule.
    keep: bool = False


@dataclass(frozen=True, slots=True)
class SiteRules:
    """The user's rule files and repeats files, read once at the API boundary
    (`clipper.readers.rulefiles.read_rule_files`): extraction and the rules get this, never a
    file name."""

    #: Line rules from the site-rule files, in file order.
    rules: tuple[SiteRule, ...] = ()
    #: Lines (normalised) the site repeats on most of its pages, from the repeats files.
    repeats: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Everything that tunes one cleaning call; passed down whole, never unpacked."""

    #: Refuse inputs larger than this many bytes (after decompression).
    max_bytes: int = 20 * 1024 * 1024
    #: Encoding to use when the input does not say (None: detect).
    encoding: str | None = None
    #: Language hint (BCP 47) when the text is too short to tell.
    language: str | None = None
    #: Raise NoArticleError instead of returning an empty text.
    require_article: bool = False
    #: Extra line rules (JSON files a user wrote, see docs/rules.md), applied before the built-in ones.
    site_rules: tuple[str, ...] = ()
    #: Copied text: files of lines that recur across a site's clippings (made by `clipper
    #: repeats`, see docs/repeats.md); such a line is removed as `repeats.site`.
    repeats: tuple[str, ...] = ()
    #: Use the learned line model for copied text (False: rules and heuristics only).
    use_model: bool = True
    #: What `site_rules` and `repeats` hold, read once: `clean`, `clean_html` and `clean_text`
    #: fill it from the files when it is None (give it to skip the files).
    rules: SiteRules | None = None
    #: Seconds one call may take before it raises CleanTimeoutError (None: no limit). Kept in
    #: any thread and in pool workers; how, and its limits, in clipper/deadline.py.
    timeout: float | None = None


DEFAULT_OPTIONS = CleanOptions()


@dataclass(slots=True)
class Draft:
    """A clipping being built: what the extractors and metadata steps fill in.

    Mutable and internal; `pipeline.finish` turns it into a frozen `Clipping`.
    """

    paragraphs: list[str] = field(default_factory=list)
    url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    section: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    publisher: str | None = None
    licensed_from: str | None = None
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    published_tz: str | None = None
    modified: str | None = None
    dateline: str | None = None
    language: str | None = None
    captions: list[Caption] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    fetched: str | None = None
    extra: dict[str, Any] | None = None
