"""Resume: the files a run owns, its manifest, and the fingerprint a resumed run must match.

After each committed part a manifest beside OUT (OUT.manifest.json, written atomically) says
which inputs are done, so a resumed run after a crash or SIGKILL keeps the committed parts, drops
the half-written one and goes on from there.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from .._version import __version__
from ..errors import ConfigError, OutputError, OutputExistsError
from ..readers.files import STDIN, Input, iter_items
from ..writers import part_name
from ..writers.atomic import existing_parts, split_suffix
from .config import DEFAULT_MAX_SIZE, BatchConfig, BatchSummary
from .output import atomic_write, default_errors_path
from .pool import Position

MANIFEST_SUFFIX = ".manifest.json"

RESUME_MISMATCH = (
    "the interrupted run had other inputs, settings or rule files than this one: resume with "
    "exactly its inputs and options, or start over (force)"
)


def fingerprint(config: BatchConfig, inputs: list[Input]) -> dict[str, Any]:
    """What must not change between a run and its resumption."""
    listing = hashlib.sha256()
    for inp in inputs:
        listing.update(f"{inp.path}\0{inp.kind}\0{inp.size}\n".encode())
    return {
        "inputs": list(config.inputs),
        "from_lists": list(config.from_lists),
        "input_files": listing.hexdigest(),
        "url": config.url,
        "no_original": config.no_original,
        "max_size": config.max_size,
        "dedup": config.dedup,
        "options": {
            k: list(v) if isinstance(v, tuple) else v for k, v in asdict(config.options).items()
        },
        # The files the options name, by content: a repeats or rules file made anew between a
        # run and its resumption would clean the rest of the inputs differently.
        "option_files": file_digests([*config.options.site_rules, *config.options.repeats]),
    }


def file_digests(paths: Iterable[str]) -> dict[str, str | None]:
    """sha256 of each file's bytes; None for one that cannot be read (cleaning reports it)."""
    out: dict[str, str | None] = {}
    for path in paths:
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            out[path] = None
            continue
        out[path] = digest.hexdigest()
    return out


def positions(inputs: list[Input], limit: int, url: str | None, skip: int) -> Iterator[Position]:
    """Items of all inputs with the input bytes done so far; the first `skip` items left out."""
    done = 0
    for inp in inputs:
        if skip > 0 and inp.kind in ("page", "missing", "stdin"):
            # One item each: skipped without reading the file again.
            skip -= 1
            done += inp.size or 0
            continue
        for item in iter_items([inp], limit, url=url):
            if skip > 0:
                skip -= 1
                continue
            if inp.kind in ("warc", "jsonl"):
                offset = item.source.offset or 0
                yield done + min(offset, inp.size or offset), item
            else:
                yield done + (inp.size or 0), item  # a page is done once it is read
        done += inp.size or 0


class Run:
    """One local (process pool) run: targets, manifest, resume state."""

    def __init__(self, config: BatchConfig, inputs: list[Input]) -> None:
        self.config = config
        self.inputs = inputs
        self.stdout = config.output == STDIN
        self.numbered = config.max_size is not None
        self.max_size = config.max_size if config.max_size is not None else DEFAULT_MAX_SIZE
        self.errors_path = config.errors or default_errors_path(config.output)
        self.manifest_path = None if self.stdout else config.output + MANIFEST_SUFFIX
        self.fingerprint = fingerprint(config, inputs)

    def part_path(self, k: int) -> str:
        if self.stdout:
            return STDIN
        if self.numbered:
            return part_name(self.config.output, k)
        return self.config.output if k == 0 else part_name(self.config.output, k)

    def errors_part_path(self, k: int) -> str:
        assert self.errors_path is not None
        head, tail = os.path.split(self.errors_path)
        return os.path.join(head, f".{tail}.{k:05d}.part")

    def targets(self) -> list[str]:
        """Files this run may create, as far as they can be named up front."""
        out = [] if self.stdout else [self.part_path(0)]
        if self.errors_path:
            out.append(self.errors_path)
        if self.manifest_path:
            out.append(self.manifest_path)
        return out

    def own_files(self) -> list[str]:
        """Files of this output (and of an earlier run of it), never to be read as input."""
        if self.stdout:
            return self.targets()
        return [*self.targets(), *existing_parts(self.config.output)]

    def check_targets(self, *, strict: bool) -> None:
        """Refuse a bad output name, and (if `strict`) an earlier run's output."""
        config = self.config
        if self.stdout:
            if config.resume:
                raise ConfigError(
                    "resuming needs an output file, not stdout", STDIN, option="resume"
                )
            return
        suffix = split_suffix(config.output)[1].lower()
        if suffix not in (".jsonl", ".jsonl.gz", ".warc", ".warc.gz"):
            raise OutputError(
                "unknown output type: name it .jsonl, .jsonl.gz, .warc or .warc.gz, or - for stdout",
                config.output,
            )
        directory = os.path.dirname(config.output) or "."
        if not os.path.isdir(directory):
            raise OutputError(f"directory {directory!r} does not exist", config.output)
        if not strict:
            return
        for path in [*self.targets(), *existing_parts(config.output)]:
            if os.path.lexists(path):
                raise OutputExistsError("already exists", path)

    def read_manifest(self) -> dict[str, Any] | None:
        assert self.manifest_path is not None
        try:
            with open(self.manifest_path, encoding="utf-8") as handle:
                data: dict[str, Any] = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise OutputError(
                f"cannot read the manifest of the earlier run: {exc}", self.manifest_path
            ) from exc
        return data

    def write_manifest(
        self,
        status: str,
        summary: BatchSummary,
        parts: list[dict[str, Any]],
        extra: dict[str, Any] | None = None,
    ) -> None:
        if self.manifest_path is None:
            return
        data = {
            "clipper_version": __version__,
            "status": status,
            "output": self.config.output,
            "errors_file": self.errors_path,
            "settings": self.fingerprint,
            **(extra or {}),
            "parts": parts,
            "done": summary.counts(),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.manifest_path, text.encode("utf-8"))


__all__ = ["MANIFEST_SUFFIX", "RESUME_MISMATCH", "Run", "fingerprint", "positions"]
