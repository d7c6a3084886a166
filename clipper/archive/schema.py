"""The catalogue's schema: one SQL script per version, applied in order (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3

from ..errors import ArchiveError

#: Bytes of postings an FTS5 index holds in memory before it writes a segment (schema v3).
FTS_HASHSIZE = 32 << 20

#: Version 1: every table of docs/archive.md.
_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    clipper_version TEXT NOT NULL,
    command TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    added INTEGER NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE warc_files (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE clippings (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    site TEXT,
    source_path TEXT,
    source_type TEXT,
    source_offset INTEGER,
    title TEXT,
    subtitle TEXT,
    section TEXT,
    text TEXT NOT NULL,
    byline TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    contributors TEXT NOT NULL DEFAULT '[]',
    contacts TEXT NOT NULL DEFAULT '[]',
    publisher TEXT,
    licensed_from TEXT,
    published TEXT,
    published_tz TEXT,
    modified TEXT,
    dateline TEXT,
    language TEXT,
    captions TEXT NOT NULL DEFAULT '[]',
    removed_count INTEGER NOT NULL DEFAULT 0,
    duplicate_of TEXT,
    digest TEXT NOT NULL,
    clipper_version TEXT NOT NULL,
    fetched TEXT,
    extra TEXT,
    published_day TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    run INTEGER REFERENCES runs(id)
);
CREATE INDEX clippings_site ON clippings(site, published_day);
CREATE INDEX clippings_day ON clippings(published_day);
CREATE INDEX clippings_language ON clippings(language);
CREATE INDEX clippings_digest ON clippings(digest);
CREATE INDEX clippings_url ON clippings(url);
CREATE INDEX clippings_publisher ON clippings(publisher COLLATE NOCASE);

CREATE TABLE people (
    clipping INTEGER NOT NULL REFERENCES clippings(rowid),
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (clipping, position)
) WITHOUT ROWID;
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE captions (
    clipping INTEGER NOT NULL REFERENCES clippings(rowid),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    credit TEXT,
    PRIMARY KEY (clipping, position)
) WITHOUT ROWID;

CREATE TABLE contacts (
    clipping INTEGER NOT NULL REFERENCES clippings(rowid),
    position INTEGER NOT NULL,
    name TEXT,
    email TEXT,
    PRIMARY KEY (clipping, position)
) WITHOUT ROWID;

CREATE TABLE removed (
    clipping INTEGER NOT NULL REFERENCES clippings(rowid),
    position INTEGER NOT NULL,
    rule TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (clipping, position)
) WITHOUT ROWID;

CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,
    warc_file TEXT NOT NULL REFERENCES warc_files(name),
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    type TEXT NOT NULL,
    role TEXT NOT NULL,
    record_id TEXT NOT NULL,
    target_uri TEXT,
    date TEXT,
    block_digest TEXT NOT NULL,
    clipping INTEGER REFERENCES clippings(rowid),
    UNIQUE (warc_file, offset)
);
CREATE INDEX records_clipping ON records(clipping);

CREATE TABLE captures (
    clipping INTEGER PRIMARY KEY REFERENCES clippings(rowid),
    original INTEGER REFERENCES records(rowid),
    url TEXT,
    fetched TEXT,
    content_type TEXT,
    http_status INTEGER,
    payload_digest TEXT,
    previous INTEGER REFERENCES clippings(rowid)
);
CREATE INDEX captures_url ON captures(url);

CREATE VIRTUAL TABLE clippings_fts USING fts5(
    title, subtitle, text, byline, authors,
    content='clippings', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE clippings_cjk USING fts5(
    title, subtitle, text, byline, authors,
    content='clippings', content_rowid='rowid',
    tokenize='trigram'
);
"""

#: Version 2: a clipping's removed lines as one JSON value in `clippings.removed` (`[[rule,
#: text], ...]`), not one `removed` row each (122 rows a clipping on the dev pages made adding
#: slow); a `removed` view gives the old table's rows, and `removed_rules` counts the lines
#: each rule removed from each clipping (what stats and per-rule queries need, without
#: parsing every clipping's JSON). The `runs` rows now also come back from
#: the WARC files (a warcinfo record per run), see core.py.
_V2 = """
ALTER TABLE clippings ADD COLUMN removed TEXT NOT NULL DEFAULT '[]';
UPDATE clippings SET removed = coalesce(
    (SELECT json_group_array(json_array(rule, text))
     FROM (SELECT rule, text FROM removed r WHERE r.clipping = clippings.rowid ORDER BY position)),
    '[]');
CREATE TABLE removed_rules (
    clipping INTEGER NOT NULL REFERENCES clippings(rowid),
    rule TEXT NOT NULL,
    lines INTEGER NOT NULL,
    PRIMARY KEY (clipping, rule)
) WITHOUT ROWID;
INSERT INTO removed_rules (clipping, rule, lines)
    SELECT clipping, rule, count(*) FROM removed GROUP BY clipping, rule;
DROP TABLE removed;
CREATE VIEW removed (clipping, position, rule, text) AS
    SELECT c.rowid, CAST(j.key AS INTEGER), json_extract(j.value, '$[0]'),
           json_extract(j.value, '$[1]')
    FROM clippings c, json_each(c.removed) j;
"""

#: Version 3: the full-text indexes keep up to 32 MB of new postings in memory before writing
#: a segment (FTS5's `hashsize`, 1 MB by default). A transaction of clippings (13 KB of text
#: each on the dev pages) filled 1 MB every 80 clippings, so each commit wrote several small
#: segments that FTS5 then merged again and again: a third of the insert's CPU. The value is
#: kept in the tables' `_config` rows, so every connection (and `rebuild`) uses it.
_V3 = f"""
INSERT INTO clippings_fts (clippings_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE});
INSERT INTO clippings_cjk (clippings_cjk, rank) VALUES ('hashsize', {FTS_HASHSIZE});
"""

#: MIGRATIONS[k] takes a catalogue from version k to k + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the catalogue at `path` to SCHEMA_VERSION; refuse one newer than this code."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"the catalogue has schema version {version}, newer than this clipper knows "
            f"({SCHEMA_VERSION}): upgrade clipper (pip install -U 'clipper-news[archive]')",
            path,
        )
    for step in range(version, SCHEMA_VERSION):
        with db:
            db.executescript("BEGIN;" + MIGRATIONS[step] + f"PRAGMA user_version = {step + 1};")
