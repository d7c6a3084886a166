"""Atomic files: temp names, commit, discard, refusing existing targets, part names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from writers_helpers import files_in

from clipper.errors import OutputError
from clipper.writers import atomic_path, part_name
from clipper.writers.atomic import AtomicFile, existing_parts, split_suffix


def test_atomic_path_is_hidden_unique_and_beside_the_target(tmp_path: Path) -> None:
    final = str(tmp_path / "out.warc.gz")
    first, second = atomic_path(final), atomic_path(final)
    assert first != second
    for temp in (first, second):
        assert os.path.dirname(temp) == str(tmp_path)
        assert os.path.basename(temp).startswith(".out.warc.gz.")
        assert temp.endswith(".tmp")


def test_commit_renames_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    handle = AtomicFile(str(target))
    handle.write(b"data\n")
    assert files_in(tmp_path) == [os.path.basename(handle.temp)]
    assert handle.commit() == str(target)
    assert target.read_bytes() == b"data\n"
    assert files_in(tmp_path) == ["out.jsonl"]


def test_discard_removes_temp_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    handle = AtomicFile(str(target), force=True)
    handle.write(b"new\n")
    handle.discard()
    assert target.read_bytes() == b"old\n"
    assert files_in(tmp_path) == ["out.jsonl"]


def test_existing_target_is_refused_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.warc"
    target.write_bytes(b"keep")
    with pytest.raises(OutputError, match="already exists") as info:
        AtomicFile(str(target))
    assert info.value.source == str(target)
    handle = AtomicFile(str(target), force=True)
    handle.write(b"replaced")
    handle.commit()
    assert target.read_bytes() == b"replaced"


def test_target_created_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "out.warc"
    handle = AtomicFile(str(target))
    target.write_bytes(b"someone else")
    with pytest.raises(OutputError, match="already exists"):
        handle.commit()
    assert target.read_bytes() == b"someone else"
    assert files_in(tmp_path) == ["out.warc"]


def test_directory_and_missing_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        AtomicFile(str(tmp_path), force=True)
    with pytest.raises(OutputError, match="does not exist"):
        AtomicFile(str(tmp_path / "missing" / "out.jsonl"))


@pytest.mark.parametrize(
    ("path", "stem", "suffix"),
    [
        ("out.warc.gz", "out", ".warc.gz"),
        ("dir/a.b.WARC.GZ", "dir/a.b", ".WARC.GZ"),
        ("x.jsonl", "x", ".jsonl"),
        ("x.jsonl.gz", "x", ".jsonl.gz"),
        ("notes.txt", "notes", ".txt"),
    ],
)
def test_split_suffix(path: str, stem: str, suffix: str) -> None:
    assert split_suffix(path) == (stem, suffix)


def test_part_names_and_existing_parts(tmp_path: Path) -> None:
    path = str(tmp_path / "out.warc.gz")
    assert part_name(path, 0) == str(tmp_path / "out-00000.warc.gz")
    assert part_name(path, 12) == str(tmp_path / "out-00012.warc.gz")
    for name in ("out-00001.warc.gz", "out-00000.warc.gz", "out-1.warc.gz", "out-00002.warc"):
        (tmp_path / name).write_bytes(b"")
    assert existing_parts(path) == [part_name(path, 0), part_name(path, 1)]
