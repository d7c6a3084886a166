"""Options the commands share (`clean`, `repeats`, `archive add`): one definition each, so that
the same setting has the same type, default and behaviour everywhere. Where a command words its
help its own way, the help is given; everything else comes from here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.IGNORECASE)


class SizeType(click.ParamType[int, object]):
    """A byte count: 1000000, 20MB, 1.5G, 512KiB (KB = 1000 bytes, KiB = 1024)."""

    name = "SIZE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size (examples: 20MB, 1GB, 500000)", param, ctx)
        number, unit, binary = match.groups()
        base = 1024 if binary else 1000
        size = int(float(number) * base ** " kmgt".index(unit.lower() or " "))
        if size <= 0:
            self.fail("a size must be more than 0 bytes", param, ctx)
        return size


SIZE = SizeType()


def max_bytes(help: str) -> Decorator[Any]:
    # The library's default (CleanOptions.max_bytes), so every front door refuses the same inputs.
    return click.option("--max-bytes", type=SIZE, default="20MiB", show_default=True, help=help)


def workers(help: str) -> Decorator[Any]:
    return click.option("--workers", type=click.IntRange(min=1), default=None, help=help)


def timeout(help: str) -> Decorator[Any]:
    return click.option(
        "--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True, help=help
    )


def from_list(help: str) -> Decorator[Any]:
    return click.option("--from-list", "from_lists", multiple=True, metavar="FILE", help=help)


def errors(help: str) -> Decorator[Any]:
    return click.option("--errors", "errors_path", default=None, metavar="FILE", help=help)


def repeats(help: str) -> Decorator[Any]:
    return click.option("--repeats", "repeats_files", multiple=True, metavar="FILE", help=help)


SITE_RULES = click.option(
    "--site-rules",
    multiple=True,
    metavar="FILE",
    help="Extra line rules, a JSON file (see docs/rules.md; repeatable).",
)
NO_MODEL = click.option(
    "--no-model", is_flag=True, help="Copied text: rules only, no learned line model."
)
QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")


__all__ = [
    "NO_MODEL",
    "QUIET",
    "SITE_RULES",
    "SIZE",
    "SizeType",
    "errors",
    "from_list",
    "max_bytes",
    "repeats",
    "timeout",
    "workers",
]
