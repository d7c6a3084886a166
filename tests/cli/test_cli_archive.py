"""`clipper archive ...` through click: every command has an Example, docs/archive.md lists them all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from clipper.cli import main
from clipper.cli.archive import archive

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DOC = ROOT / "docs" / "archive.md"


def test_every_command_has_an_example_and_docs() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "Example:" in (archive.help or "")
    for name, command in archive.commands.items():
        assert "Example:" in (command.help or ""), name
        assert f"clipper archive {name}" in text, name
        for param in command.params:
            if isinstance(param, click.Option):
                longest = max(param.opts, key=len)
                assert longest in text, (name, longest)


def test_doc_examples_use_real_options() -> None:
    text = DOC.read_text(encoding="utf-8")
    for line in text.splitlines():
        match = re.match(r"\s*clipper archive (?:-A \S+ )?(\w+)(.*)", line)
        if not match or match.group(1) not in archive.commands:
            continue
        command = archive.commands[match.group(1)]
        known = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
        for flag in re.findall(r"(?<=\s)(--?[a-z][a-z-]*)", match.group(2)):
            assert flag in known | {"-h", "--help"}, (flag, line)


def test_cli_round(tmp_path: Path) -> None:
    runner = CliRunner()
    where = str(tmp_path / "clips")
    result = runner.invoke(main, ["archive", "-A", where, "init"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main, ["archive", "-A", where, "add", str(SEEDS), "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["archive", "-A", where, "search", "putin", "--format", "jsonl"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 2 and all("[Putin]" in h["snippet"] for h in hits)
    result = runner.invoke(
        main, ["archive", "-A", where, "search", "--author", "strobel", "--format", "csv"]
    )
    assert result.stdout.splitlines()[0].startswith("id,published,site")
    assert len(result.stdout.splitlines()) == 2
    cid = hits[0]["id"]
    result = runner.invoke(main, ["archive", "-A", where, "show", cid[7:19], "--json"])
    assert json.loads(result.stdout)["id"] == cid
    result = runner.invoke(main, ["archive", "-A", where, "show", cid, "--removed"])
    assert result.exit_code == 0 and "\t" in result.stdout
    result = runner.invoke(main, ["archive", "-A", where, "show", "sha256:0000000000"])
    assert result.exit_code == 1 and "no clipping" in result.output
    # Too few digits to name one: said so, not "no clipping" (the clipping may well be there).
    result = runner.invoke(main, ["archive", "-A", where, "show", cid[7:12]])
    assert result.exit_code == 1 and "no clipping" not in result.output
    # The message names the id as typed (no "sha256:" the user did not write).
    assert f"'{cid[7:12]}' is too short to name a clipping" in result.output
    assert "sha256:" not in result.output
    result = runner.invoke(main, ["archive", "-A", where, "show", "SHA256:" + cid[7:12]])
    assert f"'SHA256:{cid[7:12]}' is too short to name a clipping" in result.output
    result = runner.invoke(main, ["archive", "-A", where, "show", "not-an-id"])
    assert result.exit_code == 1 and "'not-an-id' is not a clipping id" in result.output
    result = runner.invoke(main, ["archive", "-A", where, "show", cid[7:19].upper(), "--json"])
    assert json.loads(result.stdout)["id"] == cid
    result = runner.invoke(main, ["archive", "-A", where, "stats", "--json"])
    assert json.loads(result.stdout)["clippings"] == 2
    result = runner.invoke(
        main, ["archive", "-A", where, "export", "--jsonl", str(tmp_path / "x.jsonl")]
    )
    assert result.exit_code == 0 and (tmp_path / "x.jsonl").read_text().count("\n") == 2
    assert "wrote 2 clippings to" in result.output
    result = runner.invoke(
        main,
        [
            "archive",
            "-A",
            where,
            "export",
            "--author",
            "strobel",
            "--jsonl",
            str(tmp_path / "1.jsonl"),
        ],
    )
    assert result.exit_code == 0 and "wrote 1 clipping to" in result.output
    result = runner.invoke(main, ["archive", "-A", where, "export"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["archive", "-A", str(tmp_path / "nothing"), "search", "x"])
    assert result.exit_code == 1 and "clipper archive init" in result.output


def test_default_archive_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner(env={"CLIPPER_ARCHIVE": str(tmp_path / "env-clips")})
    assert runner.invoke(main, ["archive", "init"]).exit_code == 0
    assert (tmp_path / "env-clips" / "archive.json").exists()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"CLIPPER_ARCHIVE": ""})
    assert runner.invoke(main, ["archive", "init"]).exit_code == 0
    assert (tmp_path / "clipper-archive" / "archive.json").exists()


@pytest.mark.parametrize(
    ("flag", "value"), [("--encoding", "klingon"), ("--language", "xx-bogus"), ("--language", "e")]
)
def test_add_refuses_an_unknown_encoding_or_language_before_writing(
    tmp_path: Path, flag: str, value: str
) -> None:
    # As `clipper clean` does (tests/cli/test_cli_promises.py): a usage error naming the option.
    where = str(tmp_path / "clips")
    runner = CliRunner()
    assert runner.invoke(main, ["archive", "init", where]).exit_code == 0
    before = sorted((p.relative_to(where), p.stat().st_size) for p in Path(where).rglob("*"))
    result = runner.invoke(main, ["archive", "-A", where, "add", str(SEEDS), flag, value])
    assert result.exit_code == 2 and f"Invalid value for '{flag}'" in result.output
    assert (
        sorted((p.relative_to(where), p.stat().st_size) for p in Path(where).rglob("*")) == before
    )
