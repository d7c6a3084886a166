"""JSONL writer: lines in record order, gzip, stdout, atomicity, overwrite rules, rotation."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from writers_helpers import files_in

from clipper.errors import OutputError
from clipper.models import Clipping
from clipper.writers import JsonlWriter, Original, WarcWriter, Writer, open_writer

RECORD_MD_KEYS = [
    "id", "url", "source", "title", "subtitle", "section", "text", "byline", "authors",
    "contributors", "contacts", "publisher", "licensed_from", "published", "published_tz",
    "modified", "dateline", "language", "captions", "removed", "duplicate_of", "digest",
    "clipper_version",
]  # fmt: skip

NO_ORIGINAL = Original(b"")


@pytest.fixture
def clippings(golden: Any) -> list[Clipping]:
    return [clipping for clipping, _ in golden.golden_inputs()]


def test_lines_round_trip_in_record_order(tmp_path: Path, clippings: list[Clipping]) -> None:
    path = tmp_path / "out.jsonl"
    with open_writer(str(path)) as writer:
        for clipping in clippings:
            writer.write(clipping, NO_ORIGINAL)
    assert writer.paths == [str(path)]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(clippings)
    for line, clipping in zip(lines, clippings, strict=True):
        assert Clipping.from_json(line) == clipping
        keys = list(json.loads(line))
        # RECORD.md's keys in its order; the project's added fields where docs/record.md puts
        # them: `credits` after `licensed_from`, `fetched` and `extra` at the end.
        assert [k for k in keys if k in RECORD_MD_KEYS] == RECORD_MD_KEYS
        assert keys[keys.index("licensed_from") + 1] == "credits"
        assert [k for k in keys if k not in RECORD_MD_KEYS] == ["credits", "fetched", "extra"]
    # UTF-8 kept as characters, not \u escapes.
    assert "\u00fcnicode" in lines[0]


def test_gzip_output_holds_the_same_lines(tmp_path: Path, clippings: list[Clipping]) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    for path in (plain, packed):
        with open_writer(str(path)) as writer:
            for clipping in clippings:
                writer.write(clipping, NO_ORIGINAL)
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_dash_writes_to_stdout_and_no_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clippings: list[Clipping],
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_writer("-") as writer:
        writer.write(clippings[0], NO_ORIGINAL)
        writer.write(clippings[1], NO_ORIGINAL)
    assert writer.close() == []
    out = capsys.readouterr().out
    assert out == clippings[0].to_json() + "\n" + clippings[1].to_json() + "\n"
    assert files_in(tmp_path) == []


def test_exception_in_block_leaves_no_file(tmp_path: Path, clippings: list[Clipping]) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with open_writer(str(tmp_path / "out.jsonl.gz")) as writer:
            writer.write(clippings[0], NO_ORIGINAL)
            raise RuntimeError("boom")
    assert files_in(tmp_path) == []


def test_existing_output_is_refused_then_forced(tmp_path: Path, clippings: list[Clipping]) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")
    with pytest.raises(OutputError, match="already exists") as info:
        open_writer(str(path))
    assert str(path) in str(info.value)
    with open_writer(str(path), force=True) as writer:
        writer.write(clippings[0], NO_ORIGINAL)
    assert path.read_text(encoding="utf-8") == clippings[0].to_json() + "\n"


def test_unknown_suffix_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown output type"):
        open_writer(str(tmp_path / "out.csv"))
    assert files_in(tmp_path) == []


def test_write_after_close_is_refused(tmp_path: Path, clippings: list[Clipping]) -> None:
    writer = JsonlWriter(str(tmp_path / "out.jsonl"))
    writer.close()
    with pytest.raises(OutputError, match="closed"):
        writer.write(clippings[0], NO_ORIGINAL)


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_rotation_into_numbered_parts(
    tmp_path: Path, name: str, make_clipping: Callable[..., Clipping]
) -> None:
    items = [make_clipping(i, f"Paragraph number {i}. " * 5) for i in range(1, 8)]
    size = len(items[0].to_json()) + 1
    path = str(tmp_path / name)
    with open_writer(path, max_size=2 * size + 10) as writer:
        for clipping in items:
            writer.write(clipping, NO_ORIGINAL)
    suffix = name.removeprefix("out")
    expected = [str(tmp_path / f"out-{i:05d}{suffix}") for i in range(4)]
    assert writer.paths == expected
    assert files_in(tmp_path) == [Path(p).name for p in expected]
    lines: list[str] = []
    for part in expected:
        data = Path(part).read_bytes()
        text = (gzip.decompress(data) if suffix.endswith(".gz") else data).decode()
        assert 1 <= len(text.splitlines()) <= 2
        lines += text.splitlines()
    assert [Clipping.from_json(line) for line in lines] == items


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.warc", "out.warc.gz"])
def test_open_writer_picks_by_suffix_and_counts(
    tmp_path: Path, name: str, clippings: list[Clipping]
) -> None:
    writer = open_writer(tmp_path / name)  # a Path works as well as a str
    assert isinstance(writer, Writer)
    assert isinstance(writer, WarcWriter if ".warc" in name else JsonlWriter)
    writer.write(clippings[0], Original(b"x"))
    assert writer.count == 1
    assert writer.paths == []  # nothing is final before close
    assert writer.close() == [str(tmp_path / name)]
