"""SIGKILL a running `clipper clean` at several points; the same command with --resume finishes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

CLIPPER = str(Path(sys.executable).with_name("clipper"))


def _inputs(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    for i in range(n):
        (folder / f"s{i:03d}.txt").write_text(
            f"Ferry timetable change {i}\n\n"
            f"From Monday the ferry to island {i} leaves at {i % 12 + 1} o'clock, the operator said.\n\n"
            f"Passengers with season tickets for route {i} keep their seats, a spokesman added.\n"
        )
    return sorted(str(p) for p in folder.iterdir())


def _parts_done(manifest: Path) -> int:
    try:
        return len(json.loads(manifest.read_text())["parts"])
    except (OSError, ValueError, KeyError):
        return -1


def _kill_when(cmd: list[str], cwd: Path, manifest: Path, parts: int) -> bool:
    """Start `cmd`; SIGKILL it once the manifest lists `parts` parts. True if it was killed."""
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _parts_done(manifest) >= parts:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.002)
    process.wait()
    return False


def _sources(path: Path) -> list[str]:
    if path.name.endswith(".jsonl"):
        return [json.loads(line)["source"]["path"] for line in path.read_text().splitlines()]
    with open(path, "rb") as handle:
        return [
            json.loads(r.content_stream().read())["source"]["path"]
            for r in ArchiveIterator(handle)
            if r.rec_type == "metadata"
        ]


# JSONL resume is covered in-process (test_batch_run); this one pays for real processes.
@pytest.mark.parametrize("suffix", [".warc.gz"])
def test_sigkill_at_several_points_then_resume(tmp_path: Path, suffix: str) -> None:
    expected = _inputs(tmp_path / "in", 150)
    out = tmp_path / f"out{suffix}"
    manifest = Path(str(out) + ".manifest.json")
    cmd = [CLIPPER, "clean", "in", "-o", out.name, "--max-size", "12KB", "--workers", "2", "-q"]
    killed = 0
    # Kill before any part is committed, then after a few, then late; each restart resumes.
    for parts in (0, 2, 5):
        first = killed == 0 and parts == 0
        killed += _kill_when(cmd if first else [*cmd, "--resume"], tmp_path, manifest, parts)
    assert killed >= 2, "the run finished before it could be killed; give it more inputs"
    before = {
        p["path"]: (tmp_path / p["path"]).stat().st_mtime_ns
        for p in json.loads(manifest.read_text())["parts"]
    }
    done = subprocess.run([*cmd, "--resume"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    state = json.loads(manifest.read_text())
    assert state["status"] == "done"
    # Parts committed before the last kill are kept as they were.
    assert all((tmp_path / p).stat().st_mtime_ns == t for p, t in before.items())
    parts = [tmp_path / p["path"] for p in state["parts"]]
    assert sorted(parts) == sorted(tmp_path.glob(f"out-*{suffix}"))
    sources = [
        os.path.join(tmp_path, s) if not os.path.isabs(s) else s
        for part in parts
        for s in _sources(part)
    ]
    expected_abs = [str(tmp_path / os.path.relpath(p, tmp_path)) for p in expected]
    assert sorted(sources) == sorted(expected_abs)
    assert len(sources) == len(set(sources)) == 150
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob(".*.part"))
    if suffix == ".warc.gz":
        check = subprocess.run(
            [str(Path(sys.executable).with_name("warcio")), "check", *map(str, parts)],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout
