"""docs/cli.md documents every option of `clipper clean`, and its examples use real options."""

from __future__ import annotations

import re
from pathlib import Path

import click

from clipper.cli import clean

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_every_option_is_in_the_options_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## Options") :]
    for param in clean.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert f"`{longest}" in table or f"{longest}" in table, longest


def test_examples_use_only_real_options() -> None:
    known = {opt for p in clean.params if isinstance(p, click.Option) for opt in p.opts}
    known |= {"--help", "-h"}
    text = DOC.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("clipper clean"):
            for flag in re.findall(r"(?<=\s)(--?[a-z][a-z-]*)", line):
                assert flag in known, (flag, line)
