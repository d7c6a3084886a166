"""`clipper clean` from the command line: help, exit codes, stdout, --url, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from clipper.cli import SIZE, main

STORY = (
    "Bridge repairs start in March\n\n"
    "Work on the old river bridge will begin in March and last two years, the city said.\n\n"
    "Traffic will use a temporary crossing downstream while the deck is replaced.\n"
)


def _runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_an_example_in_its_help() -> None:
    runner = _runner()
    for args in ([], ["clean"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output
        assert "clipper clean" in result.output


def test_usage_errors_exit_2() -> None:
    runner = _runner()
    assert runner.invoke(main, ["clean", "x.txt"]).exit_code == 2  # no -o
    assert runner.invoke(main, ["clean", "-o", "out.jsonl"]).exit_code == 2  # no input
    result = runner.invoke(main, ["clean", "x.txt", "-o", "o.jsonl", "--max-size", "lots"])
    assert result.exit_code == 2 and "not a size" in result.output


def test_stdout_output_and_url(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(STORY)
    result = _runner().invoke(
        main, ["clean", str(page), "-o", "-", "--url", "https://example.com/b", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    record = json.loads(line)
    assert record["url"] == "https://example.com/b"
    assert record["text"].startswith("Work on the old river bridge")
    assert "1 input: 1 record (0 duplicates), 0 errors, 0 skipped" in result.stderr


def test_url_needs_a_single_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    result = _runner().invoke(
        main, ["clean", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", "-", "--url", "u"]
    )
    # A usage error (exit 2) that names the flag; the library said it in its own words.
    assert result.exit_code == 2
    assert "'--url'" in result.output and "needs exactly one input" in result.output
    assert "Traceback" not in result.output
    # One argument, many pages: a folder would give every page the URL.
    result = _runner().invoke(main, ["clean", str(tmp_path), "-o", "-", "--url", "u"])
    assert result.exit_code == 2
    assert "'--url'" in result.output and "applies to one page" in result.output
    assert "holds 2 inputs" in result.output
    assert result.stdout == ""


def test_failed_inputs_exit_1_and_the_summary_names_them(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY)
    out = tmp_path / "out.jsonl"
    result = _runner().invoke(
        main, ["clean", str(tmp_path / "good.txt"), str(tmp_path / "gone.html"), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "gone.html: InputNotFoundError" in result.stderr
    # Each count agrees with its noun: 1 record, 1 error; 2 inputs, 0 duplicates.
    assert "2 inputs: 1 record (0 duplicates), 1 error, 0 skipped" in result.stderr
    assert len(out.read_text().splitlines()) == 1
    errors = (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()
    assert json.loads(errors[0])["error"] == "InputNotFoundError"
    (tmp_path / "empty.txt").write_text("")
    quiet = _runner().invoke(main, ["clean", str(tmp_path / "empty.txt"), "-o", "-", "-q"])
    assert quiet.exit_code == 1
    assert quiet.stderr.strip() == "clipper: 1 of 1 input failed"


def test_existing_output_is_one_clear_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY)
    out = tmp_path / "out.jsonl"
    out.write_text("")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("clipper")), "clean", "good.txt", "-o", "out.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: out.jsonl: already exists (use --force to overwrite, --resume to finish)"
    ]


def test_stdin_input_and_quiet(tmp_path: Path) -> None:
    result = _runner().invoke(main, ["clean", "-", "-o", "-", "-q"], input=STORY)
    assert result.exit_code == 0
    record = json.loads(result.stdout.strip())
    assert record["source"]["path"] == "<stdin>"
    assert result.stderr == ""


def test_from_list_and_glob(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text(STORY.replace("March", name))
    listing = tmp_path / "pages.lst"
    listing.write_text(f"{tmp_path / 'c.html'}\n")
    out = tmp_path / "out.jsonl"
    result = _runner().invoke(
        main, ["clean", str(tmp_path / "*.txt"), "--from-list", str(listing), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    paths = [Path(json.loads(ln)["source"]["path"]).name for ln in out.read_text().splitlines()]
    assert paths == ["a.txt", "b.txt", "c.html"]


def test_a_missing_or_bad_rules_file_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "x"}]')  # no pattern
    for rules in (str(tmp_path / "nope.json"), str(bad)):
        result = _runner().invoke(
            main,
            [
                "clean",
                str(tmp_path / "a.txt"),
                "-o",
                str(tmp_path / "o.jsonl"),
                "--site-rules",
                rules,
            ],
        )
        assert result.exit_code == 2, result.output  # a bad option value: a usage error
        assert "'--site-rules'" in result.output and rules in result.output
        assert "no such file" in result.output or 'rule 1 has no "pattern"' in result.output
        assert not (tmp_path / "o.jsonl").exists()


def test_max_bytes_defaults_to_the_library_default() -> None:
    from clipper.models import CleanOptions

    result = _runner().invoke(main, ["clean", "--help"])
    assert "20MiB" in result.output
    assert SIZE.convert("20MiB", None, None) == CleanOptions().max_bytes
