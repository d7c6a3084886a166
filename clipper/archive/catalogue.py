"""The SQLite catalogue: open it (WAL, busy timeout, migrations), add groups, search, read back."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from ..errors import ArchiveError
from ..models import Clipping
from .groups import Group
from .schema import migrate
from .warcfile import RawRecord, http_split

#: How long a writer waits for another process's transaction before giving up (ms).
BUSY_TIMEOUT_MS = 60_000

#: Column weights for bm25: title, subtitle (dek), text, byline, authors.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 3.0, 5.0)

CJK_LANGUAGES = ("ko", "ja", "zh")
_CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)


def connect(path: str, *, create: bool) -> sqlite3.Connection:
    """A connection to the catalogue at `path`, migrated; ArchiveError naming the file if not."""
    try:
        uri = f"file:{path}?mode={'rwc' if create else 'rw'}"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open the catalogue: {exc}", path) from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        # 64 MB of page cache: the indexes of a large catalogue stay in memory while adding.
        db.execute("PRAGMA cache_size = -65536")
        db.execute("PRAGMA foreign_keys = OFF")
        migrate(db, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(
            f"the catalogue is not a readable SQLite database ({exc})", path
        ) from exc
    except BaseException:
        db.close()
        raise
    return db


def site_of(url: str | None) -> str | None:
    """The host of a URL, lower-cased, without a leading www."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _json(value: Any) -> str:
    """JSON text of a column (orjson: a third of json's CPU on a clipping's removed lines)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except orjson.JSONEncodeError:  # what only Python's json writes (NaN, huge integers)
        return json.dumps(value, ensure_ascii=False)


def _role(raw: RawRecord, original: RawRecord | None) -> str:
    if raw is original:
        return "original"
    if raw.type in ("conversion", "metadata", "revisit", "warcinfo"):
        return raw.type
    return "exchange"


#: The `clippings` columns a Prepared row fills, in order (rowid, duplicate_of and run are
#: added when it is catalogued).
_HEAD_COLUMNS = (
    "id, url, site, source_path, source_type, source_offset, title, subtitle, section, text,"
    " byline, authors, contributors, contacts, publisher, licensed_from, published,"
    " published_tz, modified, dateline, language, captions, removed, removed_count"
)
_TAIL_COLUMNS = "digest, clipper_version, fetched, extra, published_day, words"
_INSERT_CLIPPING = (
    f"INSERT INTO clippings (rowid, {_HEAD_COLUMNS}, duplicate_of, {_TAIL_COLUMNS}, run)"
    f" VALUES ({', '.join('?' * 33)})"
)
#: Where title, subtitle, text, byline and authors sit in Prepared.head (the FTS5 columns).
_FTS_AT = (6, 7, 9, 10, 11)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A clipping's catalogue rows and its WARC records' bytes, built without the database.

    A staging worker builds these (JSON decoding, word counts, row tuples) so that the process
    holding the catalogue only assigns row ids and inserts. `records` are (gzip member, type,
    role, WARC-Record-ID, target URI, WARC-Date, block digest), in file order.
    """

    clipping_id: str
    digest: str
    head: tuple[Any, ...]
    duplicate_of: str | None
    tail: tuple[Any, ...]
    #: Whether the clipping goes into the trigram index too (Korean, Japanese, Chinese).
    cjk: bool
    people: tuple[tuple[str, str], ...]
    #: (rule, lines it removed), for `removed_rules`.
    rules: tuple[tuple[str, int], ...]
    captions: tuple[tuple[Any, Any], ...]
    contacts: tuple[tuple[Any, Any], ...]
    records: tuple[tuple[bytes, str, str, str, str | None, str | None, str], ...]
    #: Index of the original in `records`, or None.
    original: int | None
    #: (url, fetched, content type, HTTP status, payload digest) of the capture.
    capture: tuple[str | None, str | None, str | None, int | None, str | None]
    has_text: bool

    @property
    def length(self) -> int:
        return sum(len(r[0]) for r in self.records)


def prepare(group: Group) -> Prepared:
    """The catalogue rows of a group (pure: no database)."""
    data = group.record
    source = data.get("source") or {}
    text = data.get("text") or ""
    published = data.get("published")
    removed = data.get("removed") or ()
    authors = list(data.get("authors") or [])
    extra = data.get("extra")
    head = (
        data["id"],
        data.get("url"),
        site_of(data.get("url")),
        source.get("path"),
        source.get("type"),
        source.get("offset"),
        data.get("title"),
        data.get("subtitle"),
        data.get("section"),
        text,
        data.get("byline"),
        _json(authors),
        _json(list(data.get("contributors") or [])),
        _json(list(data.get("contacts") or [])),
        data.get("publisher"),
        data.get("licensed_from"),
        published,
        data.get("published_tz"),
        data.get("modified"),
        data.get("dateline"),
        data.get("language"),
        _json(list(data.get("captions") or [])),
        _json([[r.get("rule"), r.get("text")] for r in removed]),
        len(removed),
    )
    tail = (
        data["digest"],
        data.get("clipper_version") or "",
        data.get("fetched"),
        _json(extra) if extra else None,
        published[:10] if isinstance(published, str) else None,
        len(text.split()),
    )
    language = (data.get("language") or "").split("-")[0].lower()
    # The head of the text tells the script; the whole of a long text costs a scan for nothing.
    script = " ".join(str(head[i] or "")[:2000] for i in _FTS_AT[:3])
    people = [("author", n) for n in authors]
    people += [("contributor", n) for n in data.get("contributors") or ()]
    # Agencies, outlets and desks the byline credits (the record's `credits`), in order.
    people += [("credit", n) for n in data.get("credits") or ()]
    original = group.original()
    records = tuple(
        (
            raw.member,
            raw.type,
            _role(raw, original),
            raw.record_id,
            raw.target_uri,
            raw.headers.get("warc-date"),
            raw.headers.get("warc-block-digest", ""),
        )
        for raw in group.records
    )
    return Prepared(
        clipping_id=data["id"],
        digest=data["digest"],
        head=head,
        duplicate_of=data.get("duplicate_of"),
        tail=tail,
        cjk=language in CJK_LANGUAGES or has_cjk(script),
        people=tuple(people),
        rules=tuple(Counter(str(r.get("rule")) for r in removed).items()),
        captions=tuple((c.get("text"), c.get("credit")) for c in data.get("captions") or ()),
        contacts=tuple((c.get("name"), c.get("email")) for c in data.get("contacts") or ()),
        records=records,
        original=next((i for i, r in enumerate(group.records) if r is original), None),
        capture=_capture(data, original),
        has_text=bool(text),
    )


def _capture(
    data: dict[str, Any], original: RawRecord | None
) -> tuple[str | None, str | None, str | None, int | None, str | None]:
    url = (original.target_uri if original else None) or data.get("url")
    if url and url.startswith("urn:clipper:"):
        url = data.get("url")
    fetched = (original.headers.get("warc-date") if original else None) or data.get("fetched")
    content_type: str | None = None
    status: int | None = None
    if original is not None:
        if original.type == "response":
            status, http_headers, _ = http_split(original.block)
            content_type = http_headers.get("content-type")
        else:
            content_type = original.headers.get("content-type")
    digest = original.headers.get("warc-payload-digest") if original else None
    return url, fetched, content_type, status, digest


def insert_warcinfo(db: sqlite3.Connection, warc_file: str, raw: RawRecord) -> None:
    db.execute(
        "INSERT INTO records (warc_file, offset, length, type, role, record_id, target_uri, date,"
        " block_digest, clipping) VALUES (?, ?, ?, ?, 'warcinfo', ?, NULL, ?, ?, NULL)",
        (
            warc_file,
            raw.offset,
            raw.length,
            raw.type,
            raw.record_id,
            raw.headers.get("warc-date"),
            raw.headers.get("warc-block-digest", ""),
        ),
    )


def insert_prepared(
    db: sqlite3.Connection,
    warc_file: str,
    placed: Sequence[tuple[Prepared, int]],
    run: int | None,
) -> list[bool]:
    """Catalogue clippings whose records now sit in `warc_file`, each from the given offset
    on, in one go (a transaction is the caller's); returns for each whether it is new.

    Row ids are assigned here, so every table is filled with one executemany. A clipping
    already catalogued keeps its row and only gains the records (so every WARC record stays
    catalogued), unless the group is a re-clean's version (no original): then its rows replace
    the clipping's under the same row id (the latest version is current).
    """
    if not placed:
        return []
    one = db.execute
    next_clip = int(one("SELECT coalesce(max(rowid), 0) FROM clippings").fetchone()[0]) + 1
    next_record = int(one("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]) + 1
    clippings: list[tuple[Any, ...]] = []
    fts: list[tuple[Any, ...]] = []
    cjk: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    rules: list[tuple[Any, ...]] = []
    captions: list[tuple[Any, ...]] = []
    contacts: list[tuple[Any, ...]] = []
    records: list[tuple[Any, ...]] = []
    captures: list[tuple[Any, ...]] = []
    rowids: dict[str, int] = {}
    first_of_digest: dict[str, str] = {}
    last_of_url: dict[str, int] = {}
    news: list[bool] = []
    for item, offset in placed:
        rowid = rowids.get(item.clipping_id)
        if rowid is None:
            found = one("SELECT rowid FROM clippings WHERE id = ?", (item.clipping_id,)).fetchone()
            rowid = int(found[0]) if found else None
        new = rowid is None
        news.append(new)
        # A re-clean's version (conversion and metadata, no original) of a catalogued clipping:
        # the latest is current, its rows replace the earlier version's under the same row id.
        replace = rowid is not None and item.original is None
        if rowid is not None and replace:
            if any(row[0] == rowid for row in clippings):
                for pending in (clippings, fts, cjk, people, rules, captions, contacts):
                    pending[:] = [row for row in pending if row[0] != rowid]
            else:
                _delete_clipping(db, rowid)
        if rowid is None or replace:
            if rowid is None:
                rowid = next_clip
                next_clip += 1
                rowids[item.clipping_id] = rowid
            duplicate_of = item.duplicate_of
            if duplicate_of is None and item.has_text:
                duplicate_of = first_of_digest.get(item.digest)
                if duplicate_of is None:
                    got = one(
                        "SELECT id FROM clippings WHERE digest = ? AND duplicate_of IS NULL"
                        " LIMIT 1",
                        (item.digest,),
                    ).fetchone()
                    duplicate_of = got[0] if got else None
                if duplicate_of is None:
                    first_of_digest[item.digest] = item.clipping_id
            clippings.append((rowid, *item.head, duplicate_of, *item.tail, run))
            fts_row = (rowid, *(item.head[i] for i in _FTS_AT))
            fts.append(fts_row)
            if item.cjk:
                cjk.append(fts_row)
            people += [(rowid, i, role, name) for i, (role, name) in enumerate(item.people)]
            rules += [(rowid, rule, lines) for rule, lines in item.rules]
            captions += [(rowid, i, *c) for i, c in enumerate(item.captions)]
            contacts += [(rowid, i, *c) for i, c in enumerate(item.contacts)]
        original_row: int | None = None
        for k, (member, rtype, role, record_id, target_uri, date, digest) in enumerate(
            item.records
        ):
            if k == item.original:
                original_row = next_record
            records.append(
                (
                    next_record,
                    warc_file,
                    offset,
                    len(member),
                    rtype,
                    role,
                    record_id,
                    target_uri,
                    date,
                    digest,
                    rowid,
                )
            )
            next_record += 1
            offset += len(member)
        if new:
            url = item.capture[0]
            previous = None
            if url:
                previous = last_of_url.get(url)
                if previous is None:
                    got = one(
                        "SELECT clipping FROM captures WHERE url = ? ORDER BY clipping DESC"
                        " LIMIT 1",
                        (url,),
                    ).fetchone()
                    previous = got[0] if got else None
                last_of_url[url] = rowid
            url, fetched, content_type, status, payload_digest = item.capture
            captures.append(
                (rowid, original_row, url, fetched, content_type, status, payload_digest, previous)
            )
    many = db.executemany
    many(_INSERT_CLIPPING, clippings)
    fts_columns = "rowid, title, subtitle, text, byline, authors"
    many(f"INSERT INTO clippings_fts ({fts_columns}) VALUES (?, ?, ?, ?, ?, ?)", fts)
    if cjk:
        many(f"INSERT INTO clippings_cjk ({fts_columns}) VALUES (?, ?, ?, ?, ?, ?)", cjk)
    if people:
        many("INSERT INTO people (clipping, position, role, name) VALUES (?, ?, ?, ?)", people)
    if rules:
        many("INSERT INTO removed_rules (clipping, rule, lines) VALUES (?, ?, ?)", rules)
    if captions:
        many(
            "INSERT INTO captions (clipping, position, text, credit) VALUES (?, ?, ?, ?)", captions
        )
    if contacts:
        many("INSERT INTO contacts (clipping, position, name, email) VALUES (?, ?, ?, ?)", contacts)
    many(
        "INSERT INTO records (rowid, warc_file, offset, length, type, role, record_id,"
        " target_uri, date, block_digest, clipping) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        records,
    )
    many(
        "INSERT INTO captures (clipping, original, url, fetched, content_type, http_status,"
        " payload_digest, previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        captures,
    )
    return news


def _delete_clipping(db: sqlite3.Connection, rowid: int) -> None:
    """Take a catalogued clipping's row, its full-text entries and its people, removed-rule
    counts, captions and contacts out (its records and capture stay), for a new version to take
    its row id."""
    row = db.execute(
        "SELECT title, subtitle, text, byline, authors, language FROM clippings WHERE rowid = ?",
        (rowid,),
    ).fetchone()
    fts_row = (rowid, *row[:5])
    language = (row[5] or "").split("-")[0].lower()
    script = " ".join(str(v or "")[:2000] for v in row[:3])
    tables = ["clippings_fts"]
    if language in CJK_LANGUAGES or has_cjk(script):  # as `prepare` decides
        tables.append("clippings_cjk")
    for table in tables:  # an external-content index is told the old values it holds
        db.execute(
            f"INSERT INTO {table} ({table}, rowid, title, subtitle, text, byline, authors)"
            " VALUES ('delete', ?, ?, ?, ?, ?, ?)",
            fts_row,
        )
    for table in ("people", "removed_rules", "captions", "contacts"):
        db.execute(f"DELETE FROM {table} WHERE clipping = ?", (rowid,))
    db.execute("DELETE FROM clippings WHERE rowid = ?", (rowid,))


# -- reading back -----------------------------------------------------------------------------

_CLIPPING_COLUMNS = (
    "rowid, id, url, source_path, source_type, source_offset, title, subtitle, section, text,"
    " byline, authors, contributors, contacts, publisher, licensed_from, published, published_tz,"
    " modified, dateline, language, captions, removed, duplicate_of, digest, clipper_version, fetched,"
    " extra, (SELECT json_group_array(name) FROM (SELECT name FROM people"
    " WHERE people.clipping = clippings.rowid AND role = 'credit' ORDER BY position))"
)


def record_dict(row: Sequence[Any]) -> dict[str, Any]:
    """The clipping record (RECORD.md key order) of a row selected with _CLIPPING_COLUMNS."""
    (
        rowid,
        cid,
        url,
        spath,
        stype,
        soffset,
        title,
        subtitle,
        section,
        text,
        byline,
        authors,
        contributors,
        contacts,
        publisher,
        licensed_from,
        published,
        published_tz,
        modified,
        dateline,
        language,
        captions,
        removed,
        duplicate_of,
        digest,
        version,
        fetched,
        extra,
        credits,
    ) = row
    out: dict[str, Any] = {
        "id": cid,
        "url": url,
        "source": {"path": spath, "type": stype or "text", "offset": soffset},
        "title": title,
        "subtitle": subtitle,
        "section": section,
        "text": text,
        "byline": byline,
        "authors": json.loads(authors),
        "contributors": json.loads(contributors),
        "contacts": json.loads(contacts),
        "publisher": publisher,
        "licensed_from": licensed_from,
        "credits": json.loads(credits) if credits else [],
        "published": published,
        "published_tz": published_tz,
        "modified": modified,
        "dateline": dateline,
        "language": language,
        "captions": json.loads(captions),
        "removed": [{"rule": r, "text": t} for r, t in json.loads(removed)],
        "duplicate_of": duplicate_of,
        "digest": digest,
        "clipper_version": version,
        "fetched": fetched,
    }
    if extra:
        out["extra"] = json.loads(extra)
    return out


def find_rowid(db: sqlite3.Connection, clipping_id: str, where: str) -> int:
    """The row of a clipping by its id or an unambiguous prefix (at least 8 hex digits). An
    error names the id as the user typed it."""
    typed = clipping_id.strip()
    digits = typed[7:] if typed[:7].lower() == "sha256:" else typed
    clipping_id = "sha256:" + digits.lower()
    row = db.execute("SELECT rowid FROM clippings WHERE id = ?", (clipping_id,)).fetchone()
    if row:
        return int(row[0])
    if not re.fullmatch(r"[0-9a-fA-F]*", digits):
        raise ArchiveError(f"{typed!r} is not a clipping id (hex digits)", where)
    if len(digits) < 8:
        raise ArchiveError(
            f"{typed!r} is too short to name a clipping: give at least 8 hex digits", where
        )
    rows = db.execute(
        "SELECT rowid FROM clippings WHERE id >= ? AND id < ? LIMIT 2",
        (clipping_id, clipping_id + "\uffff"),
    ).fetchall()
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        raise ArchiveError(f"{typed!r} names more than one clipping; give more of it", where)
    raise ArchiveError(f"no clipping {typed!r} in this archive", where)


def get_clipping(db: sqlite3.Connection, rowid: int) -> Clipping:
    row = db.execute(
        f"SELECT {_CLIPPING_COLUMNS} FROM clippings WHERE rowid = ?", (rowid,)
    ).fetchone()
    return Clipping.from_dict(record_dict(row))


# -- search -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """Facets; each narrows the result, and they work without a query."""

    author: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    site: str | None = None

    def where(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.author:
            clauses.append("c.rowid IN (SELECT clipping FROM people WHERE name LIKE ? ESCAPE '\\')")
            params.append(f"%{_like(self.author)}%")
        if self.outlet:
            clauses.append("(c.publisher LIKE ? ESCAPE '\\' OR c.licensed_from LIKE ? ESCAPE '\\')")
            params += [f"%{_like(self.outlet)}%"] * 2
        if self.since:
            clauses.append("c.published_day >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("substr(c.published_day, 1, ?) <= ?")
            params += [len(self.until), self.until]
        if self.lang:
            clauses.append("(c.language = ? OR c.language LIKE ? ESCAPE '\\')")
            params += [self.lang, f"{_like(self.lang)}-%"]
        if self.site:
            site = self.site.lower().removeprefix("www.")
            clauses.append("(c.site = ? OR c.site LIKE ? ESCAPE '\\')")
            params += [site, f"%.{_like(site)}"]
        return clauses, params


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    id: str
    title: str | None
    url: str | None
    site: str | None
    publisher: str | None
    published: str | None
    language: str | None
    authors: tuple[str, ...]
    #: A passage of the text around the match, the matched words between `[` and `]`
    #: (or the start of the text when there is no query).
    snippet: str
    #: bm25 score (lower is better), None without a query.
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "site": self.site,
            "publisher": self.publisher,
            "published": self.published,
            "language": self.language,
            "authors": list(self.authors),
            "snippet": self.snippet,
            "score": self.score,
        }


def fts_query(query: str) -> tuple[list[str], bool]:
    """The query's terms (quoted phrases kept whole) and whether it needs the CJK index."""
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query)]
    terms = [unicodedata.normalize("NFC", t.strip()) for t in terms if t.strip()]
    return terms, any(has_cjk(t) for t in terms)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search(
    db: sqlite3.Connection,
    query: str | None,
    filters: Filters,
    *,
    limit: int,
    offset: int = 0,
    mark: tuple[str, str] = ("[", "]"),
) -> list[Hit]:
    """Ranked full-text search narrowed by facets; without a query, the newest first.

    The ranking picks row ids first; only the rows shown are then read whole and given a
    snippet (a snippet per match, or reading every text to sort, is what makes search slow).
    """
    clauses, params = filters.where()
    terms, cjk = fts_query(query or "")
    newest = " ORDER BY c.published_day DESC, c.rowid DESC LIMIT ? OFFSET ?"
    scored: list[tuple[int, float | None]]
    table = "clippings_cjk" if cjk else "clippings_fts"
    match = " ".join(_quote(t) for t in terms)
    if not terms:
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT c.rowid FROM clippings c {where}{newest}"
        scored = [(r[0], None) for r in db.execute(sql, [*params, limit, offset])]
    elif cjk and any(len(t) < 3 for t in terms):
        # The trigram index needs three characters a term; shorter CJK words are scanned for.
        like = " AND ".join(
            "(c.title LIKE ? ESCAPE '\\' OR c.subtitle LIKE ? ESCAPE '\\'"
            " OR c.text LIKE ? ESCAPE '\\')"
            for _ in terms
        )
        like_params: list[Any] = []
        for t in terms:
            like_params += [f"%{_like(t)}%"] * 3
        where = " AND ".join([like, *clauses])
        sql = f"SELECT c.rowid FROM clippings c WHERE {where}{newest}"
        scored = [(r[0], None) for r in db.execute(sql, [*like_params, *params, limit, offset])]
    else:
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        where = " AND ".join([f"{table} MATCH ?", *clauses])
        # Without facets the full-text index alone ranks (a join costs a row lookup a match).
        join = f" JOIN clippings c ON c.rowid = {table}.rowid" if clauses else ""
        sql = (
            f"SELECT {table}.rowid, bm25({table}, {weights}) AS score FROM {table}{join}"
            f" WHERE {where} ORDER BY score LIMIT ? OFFSET ?"
        )
        try:
            scored = [(r[0], r[1]) for r in db.execute(sql, [match, *params, limit, offset])]
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"cannot search for {query!r}: {exc}") from exc
    hits = []
    for rowid, score in scored:
        row = db.execute(
            "SELECT c.id, c.title, c.url, c.site, c.publisher, c.published, c.language,"
            " c.authors FROM clippings c WHERE c.rowid = ?",
            (rowid,),
        ).fetchone()
        if not terms:
            snippet = db.execute(
                "SELECT substr(text, 1, 200) FROM clippings WHERE rowid = ?", (rowid,)
            ).fetchone()[0]
        else:
            # Cut around the first term in the text (microseconds); FTS5's snippet (which
            # tokenizes the whole text, a millisecond on a long one) when the words only match
            # after folding (diacritics) or only in another column.
            text = db.execute("SELECT text FROM clippings WHERE rowid = ?", (rowid,)).fetchone()
            snippet = _cut(text[0], terms, mark)
            if not snippet and score is not None:
                got = db.execute(
                    f"SELECT snippet({table}, -1, ?, ?, '…', 16) FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid = ?",
                    (mark[0], mark[1], match, rowid),
                ).fetchone()
                snippet = got[0] if got else ""
        hits.append(
            Hit(
                id=row[0],
                title=row[1],
                url=row[2],
                site=row[3],
                publisher=row[4],
                published=row[5],
                language=row[6],
                authors=tuple(json.loads(row[7])),
                snippet=" ".join((snippet or "").split()),
                score=score,
            )
        )
    return hits


def _cut(text: str, terms: list[str], mark: tuple[str, str]) -> str:
    """About 30 words around the first term in `text`, every term marked; "" if none is there.

    Whole words for alphabetic terms (as the unicode61 index matches them), any substring for
    Korean, Japanese and Chinese ones (as the trigram index does).
    """
    parts = [
        re.escape(t).replace(r"\ ", r"\s+")
        if has_cjk(t)
        else rf"\b{re.escape(t)}\b".replace(r"\ ", r"\s+")
        for t in sorted(terms, key=len, reverse=True)
    ]
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    found = pattern.search(text)
    if found is None:
        return ""
    start = max(0, found.start() - 80)
    end = min(len(text), found.end() + 120)
    if start:
        start = text.find(" ", start, found.start()) + 1 or start
    piece = pattern.sub(lambda m: f"{mark[0]}{m.group()}{mark[1]}", text[start:end])
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


def iter_rows(
    db: sqlite3.Connection, query: str | None, filters: Filters, *, batch: int = 2000
) -> Iterator[int]:
    """Row ids of every clipping matching a query and facets, in catalogue order."""
    clauses, params = filters.where()
    terms, cjk = fts_query(query or "")
    if terms:
        table = "clippings_cjk" if cjk else "clippings_fts"
        clauses.insert(0, f"c.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
        params.insert(0, " ".join(_quote(t) for t in terms))
    where = f"AND {' AND '.join(clauses)}" if clauses else ""
    last = 0
    while True:
        rows = db.execute(
            f"SELECT c.rowid FROM clippings c WHERE c.rowid > ? {where} ORDER BY c.rowid LIMIT ?",
            [last, *params, batch],
        ).fetchall()
        if not rows:
            return
        for (rowid,) in rows:
            yield int(rowid)
        last = int(rows[-1][0])
