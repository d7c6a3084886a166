"""Errors file: one JSON object per failed input, atomic, gzip by name."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from writers_helpers import files_in

from clipper.errors import DecodingError, OutputError
from clipper.writers import ErrorsWriter


def test_lines_have_source_error_message(tmp_path: Path) -> None:
    path = tmp_path / "errors.jsonl"
    with ErrorsWriter(str(path)) as errors:
        errors.write("a.html", "EmptyInputError", "zero bytes")
        errors.write_error("b.txt", DecodingError("cannot tell the encoding", "b.txt"))
    assert errors.count == 2
    assert errors.paths == [str(path)]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [list(row) for row in rows] == [["source", "error", "message"]] * 2
    assert rows[0] == {"source": "a.html", "error": "EmptyInputError", "message": "zero bytes"}
    # The message is the detail alone: the source is already its own field.
    assert rows[1] == {
        "source": "b.txt",
        "error": "DecodingError",
        "message": "cannot tell the encoding",
    }


def test_no_errors_still_makes_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "errors.jsonl"
    assert ErrorsWriter(str(path)).close() == [str(path)]
    assert path.read_bytes() == b""


def test_abort_and_exceptions_leave_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        with ErrorsWriter(str(tmp_path / "errors.jsonl")) as errors:
            errors.write("a", "EmptyInputError", "x")
            raise KeyError("boom")
    assert errors.paths == []
    assert files_in(tmp_path) == []


def test_existing_errors_file_is_refused_without_force(tmp_path: Path) -> None:
    path = tmp_path / "errors.jsonl"
    path.write_text("old\n")
    with pytest.raises(OutputError, match="already exists"):
        ErrorsWriter(str(path))
    ErrorsWriter(str(path), force=True).close()
    assert path.read_bytes() == b""


def test_gz_name_writes_gzip(tmp_path: Path) -> None:
    path = tmp_path / "errors.jsonl.gz"
    with ErrorsWriter(str(path)) as errors:
        errors.write("caf\u00e9.html", "BinaryInputError", "looks like a PDF")
    row = json.loads(gzip.decompress(path.read_bytes()))
    assert row["source"] == "caf\u00e9.html"


def test_dash_writes_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with ErrorsWriter("-") as errors:
        errors.write("a.html", "NoArticleError", "no article text found")
    assert errors.paths == []
    captured = capsys.readouterr()
    assert captured.out == ""
    assert json.loads(captured.err)["error"] == "NoArticleError"
    assert files_in(tmp_path) == []
