"""Broken containers and batch guarantees, through the real `clipper clean` command.

Every bad input becomes one error line naming it, every good input around it is still
cleaned, a stuck input is stopped by --timeout, outputs are never overwritten without
--force, output paths never come from input content, and the exit codes are 0/1/2.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import clipper.batch as batch
import clipper.batch.pool as pool
from clipper.batch import BatchConfig
from clipper.errors import CleanTimeoutError
from clipper.models import Clipping
from clipper.readers.files import Item

ROOT = Path(__file__).resolve().parents[2]
CLIPPER = [sys.executable, "-m", "clipper", "clean"]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "hostile_generate", ROOT / "fixtures" / "hostile" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generate = _generator().generate


def run_cli(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLIPPER, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One batch over every generated input, good and bad, as a user would run it."""
    base = tmp_path_factory.mktemp("hostile")
    inputs = base / "in"
    cases = generate(inputs, copies=1, seed=7)
    names = sorted(c.path.name for c in cases)
    started = time.monotonic()
    done = run_cli(
        *names, "-o", str(base / "out.jsonl"), "--workers", "2", "--timeout", "60", cwd=inputs
    )
    return {
        "cases": cases,
        "done": done,
        "seconds": time.monotonic() - started,
        "records": _read_jsonl(base / "out.jsonl"),
        "errors": _read_jsonl(base / "out.jsonl.errors.jsonl"),
        "base": base,
    }


def test_every_bad_input_is_one_error_line_naming_it(hostile_run: dict[str, Any]) -> None:
    errors = hostile_run["errors"]
    by_source = {e["source"]: e for e in errors}
    for case in hostile_run["cases"]:
        if not case.expect.startswith("error:"):
            continue
        name = case.path.name
        assert name in by_source, f"no error line for {name}: {hostile_run['done'].stderr[-800:]}"
        assert by_source[name]["error"] == case.expect.split(":")[1], by_source[name]
        assert by_source[name]["message"]
    for error in errors:
        assert set(error) == {"source", "error", "message"}


def test_every_good_input_is_still_cleaned(hostile_run: dict[str, Any]) -> None:
    records = hostile_run["records"]
    sources = [r["source"]["path"] for r in records]
    for case in hostile_run["cases"]:
        if case.expect == "record":
            assert case.path.name in sources, f"{case.path.name} lost among bad inputs"
    for record in records:
        assert Clipping.from_dict(record).text is not None


def test_broken_containers_keep_their_good_records(hostile_run: dict[str, Any]) -> None:
    records, errors = hostile_run["records"], hostile_run["errors"]
    for case in hostile_run["cases"]:
        if not case.expect.startswith("records:"):
            continue
        want_records, want_errors = (int(p.split(":")[1]) for p in case.expect.split("+"))
        name = case.path.name
        got_records = [r for r in records if r["source"]["path"] == name]
        got_errors = [e for e in errors if e["source"].split("@")[0] == name]
        assert len(got_records) == want_records, (name, got_records)
        assert len(got_errors) >= want_errors, (name, got_errors)
        # Errors inside a container name the record's offset.
        assert all("@" in e["source"] for e in got_errors)


def test_nothing_is_lost_and_the_exit_code_says_some_failed(hostile_run: dict[str, Any]) -> None:
    done = hostile_run["done"]
    assert done.returncode == 1, done.stderr[-2000:]
    named = {r["source"]["path"] for r in hostile_run["records"]}
    named |= {e["source"].split("@")[0] for e in hostile_run["errors"]}
    for case in hostile_run["cases"]:
        assert case.path.name in named, f"{case.path.name} vanished: neither record nor error"
    assert "Traceback" not in done.stderr


def test_output_paths_never_come_from_input_content(hostile_run: dict[str, Any]) -> None:
    base = hostile_run["base"]
    made = sorted(p.name for p in base.iterdir())
    assert made == ["in", "out.jsonl", "out.jsonl.errors.jsonl", "out.jsonl.manifest.json"] or (
        made == ["in", "out.jsonl", "out.jsonl.errors.jsonl"]
    )
    before = {c.path.name for c in hostile_run["cases"]} | {"no-such-dir"}
    assert {p.name for p in (base / "in").iterdir()} <= before


def test_hostile_urls_do_not_steer_where_files_go(tmp_path: Path) -> None:
    page = (
        '<html><head><link rel="canonical" href="../../../../tmp/evil.jsonl">'
        '<meta property="og:url" content="file:///etc/passwd"></head><body><article>'
        "<h1>Title</h1><p>" + "A sentence of the article body that is long enough. " * 8 + "</p>"
        "</article></body></html>"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "in" / "p.html").write_text(page)
    done = run_cli(
        "in/p.html", "-o", "out/o.warc.gz", "--url", "../../escape/../x.warc", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir())[0] == "o.warc.gz"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert not Path("/tmp/evil.jsonl").exists()


def _good(tmp_path: Path, n: int = 3) -> list[str]:
    names = []
    for i in range(n):
        path = tmp_path / f"g{i}.txt"
        path.write_text(
            f"Museum reopens {i}\n\nThe city museum reopened on Saturday after two years of "
            f"work on gallery {i}, its director said, and visitors queued around the block.\n"
        )
        names.append(path.name)
    return names


def test_exit_code_0_when_all_cleaned_and_2_for_usage_errors(tmp_path: Path) -> None:
    names = _good(tmp_path)
    done = run_cli(*names, "-o", "out.jsonl", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(_read_jsonl(tmp_path / "out.jsonl")) == 3
    assert run_cli(*names, "--no-such-option", cwd=tmp_path).returncode == 2
    assert run_cli(*names, cwd=tmp_path).returncode == 2  # no -o
    assert run_cli("-o", "x.jsonl", cwd=tmp_path).returncode == 2  # no input


def test_existing_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    names = _good(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    done = run_cli(*names, "-o", "out.jsonl", "--workers", "1", cwd=tmp_path)
    assert done.returncode != 0
    assert "--force" in done.stderr
    assert out.read_text() == "precious\n"
    done = run_cli(*names, "-o", "out.jsonl", "--workers", "1", "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(_read_jsonl(out)) == 3


def test_timeout_stops_a_stuck_input_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _good(tmp_path, 4)
    (tmp_path / "stuck.txt").write_text("STUCK\n\nthis input never finishes cleaning\n")
    real = pool.clean_item

    def slow_on_stuck(item: Item, options: Any) -> Clipping:
        if isinstance(item.content, bytes) and item.content.startswith(b"STUCK"):
            # Like a long call in C: block the alarm so only the pool's kill can stop it.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGPROF})
            time.sleep(120)
        return real(item, options)

    # Workers are forked after this, so they run the patched function. Earlier tests in the same
    # session may have left threads running, which makes the pool choose forkserver (whose
    # workers would import the unpatched module): ask for fork explicitly.
    monkeypatch.setattr(pool, "clean_item", slow_on_stuck)
    monkeypatch.setattr(pool, "_start_method", lambda: "fork")
    monkeypatch.chdir(tmp_path)
    summary = batch.run(
        BatchConfig(
            inputs=tuple([names[0], names[1], "stuck.txt", names[2], names[3]]),
            output="out.jsonl",
            workers=2,
            timeout=1.0,
            progress=False,
        )
    )
    # Killed, not waited for: left alone, the input would come back a record after 120 s.
    assert summary.records == 4 and summary.errors == 1
    errors = _read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [(e["source"], e["error"]) for e in errors] == [
        ("stuck.txt", CleanTimeoutError.__name__)
    ]
    assert [r["source"]["path"] for r in _read_jsonl(tmp_path / "out.jsonl")] == names


def test_max_bytes_refuses_big_inputs_and_big_expansions(tmp_path: Path) -> None:
    names = _good(tmp_path, 2)
    big = "Big page. " * 1000
    (tmp_path / "big.txt").write_text(big)
    (tmp_path / "small-but-expands.txt.gz").write_bytes(gzip.compress(big.encode()))
    done = run_cli(
        names[0], "big.txt", "small-but-expands.txt.gz", names[1],
        "-o", "out.jsonl", "--workers", "1", "--max-bytes", "4KB",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    errors = {e["source"]: e["error"] for e in _read_jsonl(tmp_path / "out.jsonl.errors.jsonl")}
    assert errors == {
        "big.txt": "InputTooLargeError",
        "small-but-expands.txt.gz": "InputTooLargeError",
    }
    assert [r["source"]["path"] for r in _read_jsonl(tmp_path / "out.jsonl")] == names
