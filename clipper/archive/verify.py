"""`check`: every catalogued record is where the catalogue says, with its digest; every WARC
record is catalogued; every clipping has its metadata record."""

from __future__ import annotations

import os

from .core import CheckReport, Store
from .warcfile import TornRecord, digest_of, iter_members, read_member

#: Problems listed before the rest are only counted.
MAX_LISTED = 200


def check(archive: Store) -> CheckReport:
    db = archive.db
    problems: list[str] = []

    def problem(text: str) -> None:
        if len(problems) < MAX_LISTED:
            problems.append(text)
        elif len(problems) == MAX_LISTED:
            problems.append("... more problems not listed")

    catalogued: dict[str, dict[int, tuple[int, str, str]]] = {}
    for name, offset, length, record_id, digest in db.execute(
        "SELECT warc_file, offset, length, record_id, block_digest FROM records"
    ):
        catalogued.setdefault(name, {})[int(offset)] = (int(length), record_id, digest)
    files = archive.warc_files()
    records = 0
    for name in sorted(set(catalogued) - set(files)):
        problem(f"{name}: listed in the catalogue but missing from warcs/")
    for name in files:
        path = os.path.join(archive.warc_dir, name)
        expected = catalogued.get(name, {})
        seen: set[int] = set()
        with open(path, "rb") as handle:
            try:
                for raw in iter_members(handle):
                    records += 1
                    where = f"warcs/{name}@{raw.offset}"
                    header = raw.headers.get("warc-block-digest")
                    if header and digest_of(raw.block, header) != header:
                        problem(f"{where}: block digest does not match its WARC-Block-Digest")
                    entry = expected.get(raw.offset)
                    if entry is None:
                        problem(f"{where}: {raw.type} record {raw.record_id} is not catalogued")
                        continue
                    seen.add(raw.offset)
                    length, record_id, digest = entry
                    if length != raw.length or record_id != raw.record_id:
                        problem(f"{where}: the catalogue has another record here ({record_id})")
                    elif (digest or "") != (header or ""):
                        problem(f"{where}: catalogued digest {digest} != WARC's {header}")
            except TornRecord as exc:
                problem(f"warcs/{name}@{exc.offset}: broken record ({exc.why})")
            for offset in sorted(set(expected) - seen):
                length, record_id, _ = expected[offset]
                try:
                    read_member(handle, offset, length)
                    why = "not at a record boundary"
                except TornRecord as exc:
                    why = exc.why
                problem(
                    f"warcs/{name}@{offset}: catalogued record {record_id} is not there ({why})"
                )
    for (cid,) in db.execute(
        "SELECT c.id FROM clippings c WHERE NOT EXISTS (SELECT 1 FROM records r"
        " WHERE r.clipping = c.rowid AND r.role = 'metadata')"
    ):
        problem(f"{cid}: no metadata record in any WARC file")
    count = int(db.execute("SELECT count(*) FROM clippings").fetchone()[0])
    return CheckReport(count, records, len(files), tuple(problems))
