"""Issue 15's batch promises, each checked over a generated class of cases (hypothesis):
outputs never overwrite inputs (4), one run per output (7), a manifest is checked before a
resume (8), checkpoints whatever the part size (19), and unwritable records cost one input (9).

Cases that must be refused are refused before any worker starts, so most examples are fast.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipper.batch import BatchConfig, BatchSummary, Output, run
from clipper.batch.resume import OutputLock
from clipper.errors import ClipperError, ConfigError, OutputError
from clipper.models import Source
from clipper.pipeline import clean_text
from clipper.readers.files import Item

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def story(i: int) -> str:
    return (
        f"Harbour works reach stage {i}\n\n"
        f"The council said on Tuesday that phase {i} of the harbour works was finished, "
        f"ahead of the plan agreed in {2000 + i}.\n"
    )


@contextmanager
def folder() -> Iterator[Path]:
    # hypothesis runs many examples in one test: each gets its own folder.
    path = Path(tempfile.mkdtemp(prefix="clipper-promises-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def inside(path: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# -- 4: no output is an input ------------------------------------------------------------------

# How a colliding path is spelt on the command line: as is, through ./, absolute, via a symlink.
SPELLINGS = st.sampled_from(["plain", "dot", "absolute", "symlink"])
TARGETS = st.sampled_from(["output", "errors", "manifest", "part"])


@PROPERTY
@given(
    target=TARGETS,
    spelling=SPELLINGS,
    force=st.booleans(),
    resume=st.booleans(),
    suffix=st.sampled_from([".jsonl", ".jsonl.gz", ".warc", ".warc.gz"]),
)
def test_an_output_that_is_an_input_is_refused_before_anything_is_written(
    target: str, spelling: str, force: bool, resume: bool, suffix: str
) -> None:
    with folder() as root:
        (root / "page.txt").write_text(story(1))
        out = root / f"dump{suffix}"
        victim = {
            "output": out,
            "errors": root / "errs.jsonl",
            "manifest": Path(f"{out}.manifest.json"),
            "part": root / f"dump-00003{suffix}",
        }[target]
        victim.write_bytes(b'{"html": "<p>precious</p>"}\n')
        named = {
            "plain": str(victim),
            "dot": os.path.join(str(root), ".", victim.name),
            "absolute": os.path.abspath(victim),
            "symlink": str(root / "link.jsonl"),
        }[spelling]
        if spelling == "symlink":
            (root / "link.jsonl").symlink_to(victim)
        before = snapshot(root)
        config = BatchConfig(
            inputs=(str(root / "page.txt"), named),
            output=str(out),
            errors=str(victim) if target == "errors" else None,
            force=force,
            resume=resume,
            max_size=1000 if target == "part" else None,
            progress=False,
            workers=1,
        )
        with pytest.raises(ConfigError) as info:
            run(config)
        assert info.value.option in ("output", "errors")
        assert snapshot(root) == before  # nothing written, nothing truncated


@PROPERTY
@given(
    errors_is=st.sampled_from(["output", "manifest", "part", "lock"]),
    force=st.booleans(),
)
def test_the_errors_file_may_not_be_another_output(errors_is: str, force: bool) -> None:
    with folder() as root:
        (root / "page.txt").write_text(story(1))
        out = root / "out.jsonl"
        errors = {
            "output": out,
            "manifest": Path(f"{out}.manifest.json"),
            "part": root / "out-00001.jsonl",
            "lock": root / ".out.jsonl.lock",
        }[errors_is]
        config = BatchConfig(
            inputs=(str(root / "page.txt"),), output=str(out), errors=str(errors), force=force
        )
        with pytest.raises(ConfigError) as info:
            run(config)
        assert info.value.option == "errors"
        assert sorted(p.name for p in root.iterdir()) == ["page.txt"]


def test_an_earlier_runs_files_found_by_a_glob_are_left_out_not_refused(tmp_path: Path) -> None:
    for i in range(2):
        (tmp_path / f"p{i}.txt").write_text(story(i))
    out = tmp_path / "o.jsonl"
    pattern = str(tmp_path / "*")
    config = BatchConfig(inputs=(pattern,), output=str(out), progress=False, workers=1)
    assert run(config).records == 2
    # The glob now matches o.jsonl, its errors file and manifest: the earlier run's, so not inputs.
    again = run(BatchConfig(inputs=(pattern,), output=str(out), force=True, progress=False))
    assert (again.inputs, again.records) == (2, 2)
    # A file nobody's manifest lists, under a part's name, is refused rather than deleted later.
    (tmp_path / "o-00001.jsonl").write_text("someone else's\n")
    with pytest.raises(ConfigError):
        run(BatchConfig(inputs=(pattern,), output=str(out), force=True, progress=False))
    assert (tmp_path / "o-00001.jsonl").read_text() == "someone else's\n"


# -- 7: one run per output ---------------------------------------------------------------------


@PROPERTY
@given(
    force=st.booleans(),
    resume=st.booleans(),
    max_size=st.sampled_from([None, 500, 10**9]),
    suffix=st.sampled_from([".jsonl", ".warc.gz"]),
)
def test_a_second_run_on_a_locked_output_stops_at_once(
    force: bool, resume: bool, max_size: int | None, suffix: str
) -> None:
    with folder() as root:
        (root / "page.txt").write_text(story(1))
        out = root / f"out{suffix}"
        holder = OutputLock(str(out))  # what a running `clipper clean` holds
        holder.acquire()
        try:
            before = snapshot(root)
            config = BatchConfig(
                inputs=(str(root / "page.txt"),),
                output=str(out),
                force=force,
                resume=resume,
                max_size=max_size,
                progress=False,
            )
            with pytest.raises(OutputError, match="another clipper run is writing this output"):
                run(config)
            assert snapshot(root) == before
        finally:
            holder.release()
        # Free again once the holder ends: the lock every run takes first, whatever its options
        # (Run.lock is OutputLock(config.output)), is taken at once and leaves no file. A whole
        # run after the holder ends is the next test's, once per output type: a run here per
        # example cost 25 cleans with their fsyncs (10-30 s) to check the same lock.
        assert not (root / f".out{suffix}.lock").exists()
        again = OutputLock(str(out))
        again.acquire()
        again.release()
        assert os.listdir(root) == ["page.txt"]


@pytest.mark.parametrize("suffix", [".jsonl", ".warc.gz"])
def test_a_run_goes_ahead_once_the_holder_of_the_output_ends(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "page.txt").write_text(story(1))
    out = tmp_path / f"out{suffix}"
    config = BatchConfig(inputs=(str(tmp_path / "page.txt"),), output=str(out), progress=False)
    holder = OutputLock(str(out))
    holder.acquire()
    try:
        with pytest.raises(OutputError, match="another clipper run is writing this output"):
            run(config)
    finally:
        holder.release()
    assert run(config).records == 1
    assert not (tmp_path / f".out{suffix}.lock").exists()


# -- 8: a manifest is checked before a resume -------------------------------------------------


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run in three parts, with one error, whose manifest the tests then break."""
    root = tmp_path_factory.mktemp("finished")
    inputs = root / "in"
    inputs.mkdir()
    for i in range(5):
        (inputs / f"p{i}.txt").write_text(story(i))
    (inputs / "empty.txt").write_text("")
    # Relative names, so that a copy of the folder is the same run.
    config = BatchConfig(
        inputs=("in",), output="out.jsonl", checkpoint_inputs=2, progress=False, workers=1
    )
    with inside(root):
        summary = run(config)
    assert (summary.records, summary.errors, len(summary.outputs)) == (5, 1, 3)
    return root


MUTATIONS = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(["status", "output", "errors_file", "parts", "done"]),
              st.one_of(st.none(), st.integers(), st.text(max_size=5), st.just([]), st.just({}))),
    st.tuples(st.just("done"), st.sampled_from(["inputs", "records", "errors", "duplicates"]),
              st.one_of(st.integers(-3, 50), st.text(max_size=3), st.none())),
    st.tuples(st.just("part"), st.sampled_from(
        ["path", "errors_part", "first_input", "end_input", "records", "duplicates", "size",
         "sha256"]),
        st.one_of(st.integers(-1, 9), st.text(max_size=8), st.none(), st.just("/etc/hostname"))),
    st.tuples(st.just("file"), st.sampled_from(["delete", "append", "truncate"]), st.just(None)),
    st.tuples(st.just("drop"), st.sampled_from(["status", "done", "parts", "settings"]),
              st.just(None)),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(mutation=MUTATIONS, which=st.integers(0, 2))
def test_a_stale_or_edited_manifest_is_refused_with_one_message(
    finished: Path, mutation: tuple[str, str, Any], which: int
) -> None:
    with folder() as root, inside(root):
        shutil.copytree(finished / "in", root / "in")
        for name in os.listdir(finished):
            if name != "in":
                shutil.copy2(finished / name, root / name)
        manifest_path = root / "out.jsonl.manifest.json"
        data = json.loads(manifest_path.read_text())
        original = copy.deepcopy(data)
        kind, key, value = mutation
        part = data["parts"][which]
        if kind == "set":
            data[key] = value
        elif kind == "done":
            data["done"][key] = value
        elif kind == "part":
            part[key] = value
        elif kind == "file":
            path = Path(part["path"])
            if key == "delete":
                path.unlink()
            elif key == "append":
                with open(path, "a") as handle:
                    handle.write("{}\n")
            else:
                path.write_bytes(path.read_bytes()[:10])
        else:
            del data[key]
        manifest_path.write_text(json.dumps(data))
        (root / "victim.txt").write_text("not clipper's")
        config = BatchConfig(
            inputs=("in",),
            output="out.jsonl",
            resume=True,
            checkpoint_inputs=2,
            progress=False,
            workers=1,
        )
        unchanged = data == original and kind != "file"
        try:
            summary = run(config)
        except (OutputError, ConfigError) as exc:
            assert not unchanged, exc
            assert "manifest" in str(exc) or isinstance(exc, ConfigError)
        else:
            # Only a harmless change may resume: every input is then in the output once.
            assert unchanged or data["done"] == original["done"]
            assert summary.inputs == 6 and summary.records == 5
        assert (root / "victim.txt").read_text() == "not clipper's"


# -- 19: checkpoints whatever the part size -----------------------------------------------------


@pytest.fixture(scope="module")
def clippings() -> list[Any]:
    return [clean_text(story(i), source=Source(f"p{i}.txt", "text", None)) for i in range(4)]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    outcomes=st.lists(st.sampled_from(["record", "error", "skip"]), min_size=1, max_size=12),
    every=st.integers(1, 5),
)
def test_a_part_is_committed_every_n_inputs_whatever_its_size(
    clippings: list[Any], outcomes: list[str], every: int
) -> None:
    with folder() as root:
        out = root / "out.jsonl"
        config = BatchConfig(inputs=(), output=str(out), checkpoint_inputs=every)
        summary = BatchSummary()
        commits: list[int] = []
        output = Output(
            config,
            summary,
            part_path=lambda k: str(out) if k == 0 else str(root / f"out-{k:05d}.jsonl"),
            errors_part_path=lambda k: str(root / f".errors.{k}.part"),
            max_size=10**9,  # the default 1 GB: size alone would never commit
            on_commit=lambda o: commits.append(summary.inputs),
        )
        for n, kind in enumerate(outcomes):
            item = Item(source=Source(f"p{n}.txt", "text", None), content=b"x", kind="text")
            outcome: Any = {
                "record": clippings[n % len(clippings)],
                "error": ClipperError("broken", f"p{n}.txt"),
                "skip": "not HTML",
            }[kind]
            output.add(item, outcome)
        output.close()
        # Committed at every `every` inputs: a crash loses at most `every` inputs of work.
        assert commits[: len(outcomes) // every] == [
            every * (k + 1) for k in range(len(outcomes) // every)
        ]
        spans = [(p["first_input"], p["end_input"]) for p in output.parts]
        assert all(end - first <= every for first, end in spans)
        assert spans[0][0] == 0 and spans[-1][1] == len(outcomes)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert sum(p["records"] for p in output.parts) == outcomes.count("record")
        for part in output.parts:  # each part records what a resume will check it against
            assert part["size"] == os.path.getsize(part["path"])


def test_a_part_is_committed_after_checkpoint_seconds(clippings: list[Any], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    config = BatchConfig(inputs=(), output=str(out), checkpoint=0.0, checkpoint_inputs=None)
    summary = BatchSummary()
    output = Output(
        config,
        summary,
        part_path=lambda k: str(out) if k == 0 else str(tmp_path / f"out-{k:05d}.jsonl"),
        errors_part_path=None,
        max_size=10**9,
    )
    for n in range(3):
        item = Item(source=Source(f"p{n}.txt", "text", None), content=b"x", kind="text")
        output.add(item, clippings[n])
    output.close()
    assert [p["records"] for p in output.parts if p["records"]] == [1, 1, 1]


# -- 9: a record that cannot be written costs one input ---------------------------------------

# Lone surrogates (valid in a JSON escape, not in UTF-8) and deep nesting, in a url or an extra.
BAD_VALUES = st.one_of(
    st.builds(lambda a, b: f"{a}\\ud8{b}", st.text("abc", max_size=3), st.sampled_from("0af")),
    st.integers(600, 3000).map(lambda n: "[" * n + "]" * n),
)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(["url", "extra", "good"]), BAD_VALUES), min_size=1, max_size=4
    )
)
def test_lone_surrogates_and_deep_nesting_in_jsonl_are_error_lines(
    lines: list[tuple[str, str]],
) -> None:
    with folder() as root:
        dump = root / "dump.jsonl"
        rows = []
        for n, (where, bad) in enumerate(lines):
            text = json.dumps(story(n))
            if where == "url" and not bad.startswith("["):
                rows.append(f'{{"text": {text}, "url": "https://e.com/{bad}"}}')
            elif where == "good":
                rows.append(f'{{"text": {text}}}')
            else:
                value = bad if bad.startswith("[") else f'"{bad}"'
                rows.append(f'{{"text": {text}, "note": {value}}}')
        dump.write_text("\n".join(rows) + "\n")
        out = root / "out.jsonl"
        summary = run(BatchConfig(inputs=(str(dump),), output=str(out), progress=False, workers=1))
        assert summary.inputs == len(lines) == summary.records + summary.errors
        assert summary.records >= sum(1 for where, _ in lines if where == "good")
        # Both files are valid UTF-8 JSON lines, one per input between them.
        records = out.read_text(encoding="utf-8").splitlines()
        errors = Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(records) + len(errors) == len(lines)
        assert all(json.loads(line) for line in records + errors)


def test_a_url_that_is_not_unicode_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(story(1))
    config = BatchConfig(
        inputs=(str(tmp_path / "p.txt"),), output=str(tmp_path / "o.jsonl"), url="https://e/\udc80"
    )
    with pytest.raises(ConfigError) as info:
        run(config)
    assert info.value.option == "url"
    assert not (tmp_path / "o.jsonl").exists()


def test_a_killed_runs_busy_worker_does_not_keep_the_output_locked(tmp_path: Path) -> None:
    # A run holds the lock and forks a worker that is busy (here: asleep) when the run is killed.
    # The worker says it runs: os.fork() returns in the child after the at-fork handlers, so by
    # then it has let go of the lock (without that line, a loaded machine may not have run the
    # child at all before the kill, and the child would still hold the lock it inherited).
    out = tmp_path / "out.jsonl"
    script = (
        "import os, sys, time\n"
        "from clipper.batch.resume import OutputLock\n"
        f"lock = OutputLock({str(out)!r}); lock.acquire()\n"
        "if os.fork() == 0:\n"
        "    os.write(1, b'worker\\n'); time.sleep(60); os._exit(0)\n"  # one write each: whole lines
        "os.write(1, b'locked\\n'); time.sleep(60)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    try:
        assert run.stdout is not None
        assert sorted([run.stdout.readline(), run.stdout.readline()]) == [b"locked\n", b"worker\n"]
        run.kill()
        run.wait()
        lock = OutputLock(str(out))
        lock.acquire()  # the worker, still asleep, must not hold it
        lock.release()
    finally:
        run.kill()
        for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if str(out).encode() in handle.read() and pid != os.getpid():
                        os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
