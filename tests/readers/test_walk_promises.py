"""Folder walks and the files options name (issue 15, items 5, 6, 9, 14), over generated trees:
symlinks out of the tree are counted skips, unreadable folders and non-UTF-8 names are errors,
nothing blocks on a FIFO or grows on /dev/zero, and no read allocates its limit up front."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipper.errors import ClipperError, InputNotFoundError, InputTooLargeError
from clipper.readers.files import (
    check_option_file,
    expand_inputs,
    input_reading,
    iter_items,
    read_file,
    read_list,
)

PROPERTY = settings(
    max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@contextmanager
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="clipper-walk-"))
    try:
        yield path
    finally:
        # chmod back what an ordinary user locked; rm -r works below PATH_MAX (openat).
        subprocess.run(["chmod", "-R", "u+rwx", str(path)], capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(path)], check=False)


def make_unreadable(parent: Path, name: str) -> Path:
    """A subfolder no one can list: mode 000 for an ordinary user; for root (which ignores
    modes, as in CI) a path longer than PATH_MAX below it, which the kernel refuses to anyone."""
    target = parent / name
    target.mkdir()
    if os.geteuid() != 0:
        (target / "inner.txt").write_text("never read\n")
        os.chmod(target, 0)
        return target
    fd = os.open(target, os.O_RDONLY)
    try:
        for _ in range(20):  # 20 x 250 characters > 4096
            long = "d" * 250
            os.mkdir(long, dir_fd=fd)
            new = os.open(long, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write("too deep to reach\n")
    finally:
        os.close(fd)
    return target


ENTRIES = st.lists(
    st.sampled_from(["page", "link-in", "link-out", "dirlink-out", "unreadable", "badname"]),
    min_size=1,
    max_size=7,
)


@PROPERTY
@given(entries=ENTRIES, follow=st.booleans())
def test_a_walk_reports_every_entry_and_never_leaves_the_tree(
    entries: list[str], follow: bool
) -> None:
    with folder() as base:
        tree = base / "tree"
        outside = base / "outside"
        tree.mkdir()
        outside.mkdir()
        secret = outside / "secret.txt"
        secret.write_text("SECRET=1\n")
        (outside / "sub").mkdir()
        (outside / "sub" / "more.txt").write_text("SECRET=2\n")
        expected_skips = expected_errors = pages = 0
        for n, kind in enumerate(entries):
            if kind == "page":
                (tree / f"p{n}.txt").write_text(f"page {n}\n")
                pages += 1
            elif kind == "link-in":
                (tree / f"p{n}.txt").write_text(f"page {n}\n")
                (tree / f"l{n}.txt").symlink_to(tree / f"p{n}.txt")
                pages += 2
            elif kind == "link-out":
                (tree / f"l{n}.txt").symlink_to(secret)
                if follow:
                    pages += 1
                else:
                    expected_skips += 1
            elif kind == "dirlink-out":
                (tree / f"d{n}").symlink_to(outside / "sub", target_is_directory=True)
                if follow:
                    # Each real folder is walked once, however many links lead to it.
                    pages += 0 if any(f"d{k}" in os.listdir(tree) for k in range(n)) else 1
                else:
                    expected_skips += 1
            elif kind == "unreadable":
                make_unreadable(tree, f"locked{n}")
                expected_errors += 1
            else:
                os.close(os.open(os.fsencode(tree) + f"/bad{n}\xff.txt".encode("latin-1"),
                                 os.O_WRONLY | os.O_CREAT, 0o644))  # fmt: skip
                expected_errors += 1
        inputs = expand_inputs([str(tree)], follow_symlinks=follow)
        kinds = [i.kind for i in inputs]
        if not pages and not expected_skips and not expected_errors:
            return
        assert kinds.count("skipped") == expected_skips
        assert kinds.count("missing") == expected_errors
        assert kinds.count("page") == pages
        for inp in inputs:
            inp.path.encode("utf-8")  # every name can be written to an errors file
            if inp.kind == "missing":
                assert "cannot read this folder" in (inp.reason or "") or "UTF-8" in (
                    inp.reason or ""
                )
        items = list(iter_items(inputs, 1 << 20))
        assert len(items) == len(inputs)  # each input: one record, error or skip
        read = b"".join(i.content for i in items if isinstance(i.content, bytes))
        assert (b"SECRET" in read) == (follow and any("out" in e for e in entries))


def test_a_read_never_allocates_its_limit_up_front(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("Small page.\n")
    assert read_file(str(page), max_bytes=10**12) == b"Small page.\n"  # 1 TB: no MemoryError
    # /proc files say 0 bytes but hold more: read to their end (under the limit) all the same.
    assert read_file("/proc/self/status", max_bytes=10**12).startswith(b"Name:")
    with pytest.raises(InputTooLargeError):
        read_file("/proc/self/status", max_bytes=8)


SPECIALS = st.sampled_from(["fifo", "/dev/zero", "folder", "missing", "huge"])


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(special=SPECIALS)
def test_files_options_name_are_checked_as_inputs_and_never_block(special: str) -> None:
    with folder() as root:
        path = {
            "fifo": str(root / "fifo"),
            "/dev/zero": "/dev/zero",
            "folder": str(root),
            "missing": str(root / "nope.json"),
            "huge": str(root / "huge.json"),
        }[special]
        if special == "fifo":
            os.mkfifo(path)
        if special == "huge":
            with open(path, "wb") as handle:
                handle.truncate(65 * 1024 * 1024)  # sparse: over the 64 MiB limit, no disk used
        with pytest.raises((InputNotFoundError, InputTooLargeError)):
            check_option_file(path)
        result: list[object] = []

        def read() -> None:
            try:
                result.append(read_list(path))
            except ClipperError as exc:
                result.append(exc)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(20)
        assert result, f"read_list({special}) blocked"
        if special == "fifo":
            assert result == [[]]  # nobody writes to it: an empty list, not a hang
        else:
            assert isinstance(result[0], ClipperError)


def test_a_pipe_with_a_writer_is_read_to_its_end(tmp_path: Path) -> None:
    fifo = tmp_path / "list"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as handle:
            handle.write("a.txt\n# note\nb.txt\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    # Opened after the writer: as `--from-list <(find ...)` would be.
    while not writer.is_alive():
        pass
    import time

    time.sleep(0.2)
    assert read_list(str(fifo)) == ["a.txt", "b.txt"]


@PROPERTY
@given(
    where=st.sampled_from(["same", "in-folder", "nested", "hidden", "glob", "elsewhere"]),
    suffix=st.sampled_from([".txt", ".txt.gz", ".md"]),
)
def test_input_reading_finds_the_argument_that_would_read_a_path(where: str, suffix: str) -> None:
    with folder() as root:
        clips = root / "clips"
        (clips / "sub").mkdir(parents=True)
        (clips / "a.txt").write_text("a\n")
        path = {
            "same": clips / "a.txt",
            "in-folder": clips / f"rep{suffix}",
            "nested": clips / "sub" / f"rep{suffix}",
            "hidden": clips / f".rep{suffix}",
            "glob": root / f"x{suffix}",
            "elsewhere": root / f"rep{suffix}",
        }[where]
        args = [str(clips / "a.txt"), str(clips), str(root / "*.txt")]
        found = input_reading(args, str(path))
        if where == "same":
            assert found == str(clips / "a.txt")
        elif where in ("in-folder", "nested"):
            assert found == str(clips)  # a walk reads .md clippings too
        elif where == "glob":
            assert found == (str(root / "*.txt") if suffix == ".txt" else None)
        elif where == "elsewhere":
            assert found == (str(root / "*.txt") if suffix == ".txt" else None)
        else:
            assert found is None
