"""Golden WARC files: fixed dates and ids give the committed bytes; the real warcio CLI agrees."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from writers_helpers import assert_valid_warc

REPO = Path(__file__).resolve().parents[2]
WARCIO = Path(sys.executable).with_name("warcio")


def _split_after_warcinfo(data: bytes) -> bytes:
    """Everything after the first record (warcinfo names its file, so it differs by name)."""
    header_end = data.index(b"\r\n\r\n")
    length = int(data[:header_end].split(b"Content-Length: ")[1].split(b"\r\n")[0])
    return data[header_end + 4 + length + 4 :]


@pytest.mark.parametrize("name", ["golden.warc", "golden-no-original.warc"])
def test_writer_reproduces_the_golden_bytes(tmp_path: Path, golden: Any, name: str) -> None:
    written = golden.write_golden(str(tmp_path / name), **golden.GOLDEN_FILES[name])
    expected = (REPO / "fixtures" / "warc" / name).read_bytes()
    assert Path(written[0]).read_bytes() == expected, (
        "WARC output changed: run fixtures/regenerate_warc.py and review the diff"
    )


@pytest.mark.parametrize("name", ["golden.warc", "golden-no-original.warc"])
def test_gzip_output_holds_the_same_records(tmp_path: Path, golden: Any, name: str) -> None:
    written = golden.write_golden(str(tmp_path / (name + ".gz")), **golden.GOLDEN_FILES[name])
    expected = (REPO / "fixtures" / "warc" / name).read_bytes()
    unpacked = gzip.decompress(Path(written[0]).read_bytes())
    assert _split_after_warcinfo(unpacked) == _split_after_warcinfo(expected)
    assert_valid_warc(written[0])


@pytest.mark.skipif(not WARCIO.exists(), reason="warcio command not installed beside python")
def test_warcio_cli_checks_and_indexes_the_golden_files(tmp_path: Path, golden: Any) -> None:
    files = [str(p) for p in sorted((REPO / "fixtures" / "warc").glob("*.warc"))]
    files += golden.write_golden(str(tmp_path / "golden.warc.gz"))
    assert len(files) == 3
    check = subprocess.run([WARCIO, "check", *files], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([WARCIO, "index", *files], capture_output=True, text=True, timeout=60)
    assert index.returncode == 0, index.stderr
    types = [line.split('"warc-type": "')[1].split('"')[0] for line in index.stdout.splitlines()]
    assert types.count("warcinfo") == 3
    assert types.count("revisit") == 3
    assert types.count("response") == 2  # copied input records, none in the no-original file
