"""Paths that are not regular files are refused at once, never opened and waited on."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from clipper import InputNotFoundError, InputTooLargeError, clean
from clipper.readers.files import read_file


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    # Opening a FIFO nobody writes to blocks for ever: in a thread, so that a regression fails
    # the test (after a wide margin) instead of hanging the suite.
    caught: list[BaseException] = []

    def attempt() -> None:
        try:
            clean(fifo)
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            caught.append(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "clean() blocked on the FIFO"
    (error,) = caught
    assert isinstance(error, InputNotFoundError) and "not a regular file" in str(error)
    assert error.source == str(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_not_read_forever() -> None:
    with pytest.raises(InputNotFoundError, match="not a regular file"):
        read_file("/dev/zero", max_bytes=1000)


def test_broken_symlink_and_directory(tmp_path: Path) -> None:
    link = tmp_path / "gone.html"
    link.symlink_to(tmp_path / "nowhere" / "x.html")
    with pytest.raises(InputNotFoundError, match="no such file"):
        clean(link)
    with pytest.raises(InputNotFoundError, match="directory"):
        clean(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: no 64 MB written, but that is its size
    with pytest.raises(InputTooLargeError, match="limit"):
        read_file(str(big), max_bytes=1024)
