"""How the CLI shows what a batch did and why a run could not start (library errors to flags)."""

from __future__ import annotations

from typing import NoReturn

import click

from ..batch import BatchSummary
from ..errors import ClipperError, ConfigError, OutputExistsError
from ..lexicon.counts import counted

#: The flag of `clipper clean` for each setting a library error can name.
FLAGS = {
    "errors": "--errors",
    "follow_symlinks": "--follow-symlinks",
    "force": "--force",
    "inputs": "INPUT",
    "from_lists": "--from-list",
    "max_bytes": "--max-bytes",
    "max_size": "--max-size",
    "output": "--output",
    "partitions": "--partitions",
    "repeats": "--repeats",
    "resume": "--resume",
    "scheduler": "--scheduler",
    "site_rules": "--site-rules",
    "checkpoint": "--checkpoint",
    "timeout": "--timeout",
    "url": "--url",
    "workers": "--workers",
}


def fail(exc: ClipperError, *, exists_hint: str = "use --force to overwrite") -> NoReturn:
    """Raise the click exception for a library error: a setting that cannot work is a usage
    error naming its flag (exit 2); anything else stops the run (exit 1)."""
    if isinstance(exc, ConfigError):
        flag = FLAGS.get(exc.option or "", exc.option)
        detail = f"{exc.source}: {exc.detail}" if exc.source else exc.detail
        raise click.BadParameter(detail, param_hint=f"'{flag}'" if flag else None) from None
    if isinstance(exc, OutputExistsError):
        raise click.ClickException(f"{exc} ({exists_hint})") from None
    raise click.ClickException(str(exc)) from None


def format_failed(errors: int, inputs: int, errors_path: str | None) -> str:
    """The one line a quiet run prints when some inputs failed."""
    where = f"; see {errors_path}" if errors_path else ""
    return f"clipper: {errors} of {counted(inputs, 'input')} failed{where}"


def format_summary(summary: BatchSummary) -> str:
    """The end-of-run report, a few lines for stderr."""
    rate = (summary.inputs - summary.resumed) / summary.seconds if summary.seconds > 0 else 0.0
    lines = [
        f"{counted(summary.inputs, 'input')}: {counted(summary.records, 'record')} "
        f"({counted(summary.duplicates, 'duplicate')}), {counted(summary.errors, 'error')}, "
        f"{summary.skipped_total} skipped "
        f"in {summary.seconds:.1f} s ({rate:.1f} inputs/s)"
    ]
    if summary.resumed:
        lines.append(
            f"resumed: {counted(summary.resumed, 'input')} "
            f"{'was' if summary.resumed == 1 else 'were'} done by the interrupted run"
        )
    if summary.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in summary.skipped.most_common())
        lines.append(f"skipped: {reasons}")
    if summary.removed:
        rules = ", ".join(f"{rule} {n}" for rule, n in summary.removed.most_common())
        lines.append(f"removed lines by rule: {rules}")
    for source, kind, message in summary.first_errors:
        lines.append(f"error: {source}: {kind}: {message}")
    if summary.errors > len(summary.first_errors):
        lines.append(f"... and {counted(summary.errors - len(summary.first_errors), 'more error')}")
    if summary.outputs:
        shown = (
            summary.outputs
            if len(summary.outputs) <= 3
            else [summary.outputs[0], "...", summary.outputs[-1]]
        )
        lines.append("wrote " + ", ".join(shown))
    if summary.errors_path and summary.errors:
        lines.append(f"errors in {summary.errors_path}")
    return "\n".join(lines)


__all__ = ["FLAGS", "fail", "format_failed", "format_summary"]
