"""Options the commands share (`clean`, `repeats`, `archive add`): one definition each, so that
the same setting has the same type, default and behaviour everywhere. Where a command words its
help its own way, the help is given; everything else comes from here."""

from __future__ import annotations

import codecs
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


# RFC 5646 language tags (no grandfathered ones): language, extlang, script, region, variants,
# extensions, private use.
_BCP47 = re.compile(
    r"(?P<language>[a-z]{2,3})(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wyz](?:-[a-z\d]{2,8})+)*"
    r"(?:-x(?:-[a-z\d]{1,8})+)?\Z",
    re.IGNORECASE,
)


def language_tag_problem(tag: str) -> str | None:
    """Why `tag` is not a BCP 47 tag of a known language (CLDR's list), or None."""
    match = _BCP47.match(tag.replace("_", "-"))
    if match is None:
        return "not of the form language[-Script][-REGION] (en, pt-BR, zh-Hant)"
    from babel import Locale

    language = match.group("language").lower()
    if language not in Locale("en").languages:
        return f"{language!r} is not a language code"
    return None


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"{value!r} is not an encoding Python knows") from None


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    why = language_tag_problem(value)
    if why:
        raise click.BadParameter(f"{value!r} is not a BCP 47 language tag: {why}")
    return value


# Checked when the command line is parsed: a bad value is a usage error (exit 2) naming the
# option, before the command writes anything.
ENCODING = click.option(
    "--encoding",
    default=None,
    callback=_encoding,
    help="Encoding of inputs that do not declare one (a name Python knows: utf-8, cp1252, ...).",
)
LANGUAGE = click.option(
    "--language",
    default=None,
    callback=_language,
    help="Language hint (a BCP 47 tag: en, pt-BR, zh-Hant) for short texts.",
)
