"""What the review page needs: reclean a site with new rules; readers open while a writer writes."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from clipper import Archive

TEXT = (
    "Harbour reopens after storm\n\n"
    "The harbour reopened on Monday after a week of storms, the port authority said.\n\n"
    "Take today's quiz and win a mug\n\n"
    "Ferries run on the winter timetable until March, a spokesman for the operator added.\n"
)


def test_reclean_reports_before_and_after(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(TEXT)
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "example-quiz", "pattern": "^Take today's quiz"}]))
    with Archive(tmp_path / "a", create=True) as archive:
        archive.add([str(page)], url="https://www.example.com/story", workers=1)
        assert archive.sites() == [("example.com", 1)]
        result = archive.reclean("example.com", [str(rules)], dry_run=True)
        assert result.clippings == 1 and result.changed == 1
        assert sum(result.removed_after.values()) == sum(result.removed_before.values()) + 1
        assert result.words_after < result.words_before
        (cid, words_before, words_after, removed_before, removed_after) = result.rows[0]
        assert removed_after == removed_before + 1 and words_after < words_before
        assert "quiz" in archive.get(cid).text  # a dry run leaves the archive as it was
        assert archive.reclean("example.com").changed == 0


def test_readers_open_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    page = tmp_path / "story.txt"
    page.write_text(TEXT)
    with Archive(folder, create=True) as archive:
        archive.add([str(page)], workers=1)
    fd = os.open(folder / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as another process adding would
        with Archive(folder) as reader:
            assert len(reader.search("harbour")) == 1
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
