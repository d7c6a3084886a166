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
from ..errors import ClipperError, ConfigError, OutputError, OutputExistsError
from ..lexicon.counts import counted
from ..models import SiteRules
from ..readers.files import (
    SINGLE_KINDS,
    STDIN,
    Input,
    check_option_file,
    expand_inputs,
    iter_items,
)
from ..readers.files import display_path as display
from ..readers.formats import Patterns
from ..writers import part_name
from ..writers.atomic import existing_parts, split_suffix
from .config import DEFAULT_MAX_SIZE, BatchConfig, BatchSummary
from .output import atomic_write, default_errors_path, file_digest
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
        "include": list(config.include),
        "exclude": list(config.exclude),
        "options": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(config.options).items()
            if k != "rules"
        },
        # Rules handed in already read (not from files): by what they hold.
        "rules": None if config.options.rules is None else _rules_digest(config.options.rules),
        # The files the options name, by content: a repeats or rules file made anew between a
        # run and its resumption would clean the rest of the inputs differently.
        "option_files": file_digests([*config.options.site_rules, *config.options.repeats]),
    }


def _rules_digest(rules: SiteRules) -> str:
    # Every field of a rule: a keep rule and a remove rule with one pattern clean differently.
    listing = [(r.name, r.pattern.pattern, r.pattern.flags, r.max_len, r.keep) for r in rules.rules]
    return hashlib.sha256(repr((listing, sorted(rules.repeats))).encode()).hexdigest()


def file_digests(paths: Iterable[str]) -> dict[str, str | None]:
    """sha256 of each file's bytes; None for one that cannot be read (cleaning reports it)."""
    out: dict[str, str | None] = {}
    for path in paths:
        try:
            check_option_file(path)  # never open a FIFO or a device
            out[path] = file_digest(path)[1]
        except (ClipperError, OSError):
            out[path] = None
    return out


def positions(inputs: list[Input], limit: int, url: str | None, skip: int) -> Iterator[Position]:
    """Items of all inputs with the input bytes done so far; the first `skip` items left out."""
    done = 0
    for inp in inputs:
        if skip > 0 and inp.kind in SINGLE_KINDS:
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


#: Lock files this process holds. A forked worker closes its copies at once: an flock belongs to
#: the open file, which fork shares, so a worker still busy with an input after its parent was
#: killed would otherwise keep the output locked against the resume.
_HELD_LOCKS: set[int] = set()


def _close_held_locks_in_child() -> None:
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_held_locks_in_child)


class OutputLock:
    """An exclusive lock on an output for the length of a run (`fcntl.flock` on a hidden
    `.OUT.lock` file beside it), so that two runs never interleave parts or manifests."""

    def __init__(self, output: str) -> None:
        head, tail = os.path.split(output)
        self.output = output
        self.path = os.path.join(head, f".{tail}.lock")
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise OutputError(
                    f"cannot create a lock file: {exc.strerror or exc}", self.path
                ) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise OutputError(
                    f"another clipper run is writing this output{who}; wait for it to end",
                    self.output,
                ) from None
            # The holder before us may have removed the file after we opened it: lock the
            # file that is at the path now, or try again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
                self.fd = fd
                _HELD_LOCKS.add(fd)
                return
            os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # removed while still locked: a waiter sees it gone, retries
        except FileNotFoundError:
            pass
        _HELD_LOCKS.discard(self.fd)
        os.close(self.fd)
        self.fd = None


def _is_int(value: Any, low: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


class ManifestError(Exception):
    """Why a manifest cannot be resumed from (turned into an OutputError naming the file)."""


class Run:
    """The files of one run: targets, the lock, the manifest and what it takes to resume."""

    def __init__(self, config: BatchConfig, *, numbered: bool | None = None) -> None:
        self.config = config
        self.inputs: list[Input] = []
        self.stdout = config.output == STDIN
        self.numbered = config.max_size is not None if numbered is None else numbered
        self.max_size = config.max_size if config.max_size is not None else DEFAULT_MAX_SIZE
        self.errors_path = config.errors or default_errors_path(config.output)
        self.manifest_path = None if self.stdout else config.output + MANIFEST_SUFFIX
        self.lock = None if self.stdout else OutputLock(config.output)
        self.fingerprint: dict[str, Any] = {}
        #: What an earlier run of this output left (read leniently, before anything is checked).
        self.earlier: dict[str, Any] | None = None

    # -- names ------------------------------------------------------------------------------

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

    def _is_part(self, real: str) -> bool:
        """`real` (a resolved path) is named like a numbered part of this output."""
        if self.stdout:
            return False
        stem, suffix = split_suffix(os.path.realpath(self.config.output))
        name = real[len(stem) :] if real.startswith(stem) else ""
        digits = name[1 : -len(suffix)] if name.endswith(suffix) else ""
        return name.startswith("-") and len(digits) == 5 and digits.isdigit()

    # -- checks before anything is written --------------------------------------------------

    def check_output(self) -> None:
        """Refuse a bad output name and outputs that are one another (by resolved path)."""
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
        if self.errors_path is not None:
            real = os.path.realpath(self.errors_path)
            others = [self.part_path(0), self.manifest_path or ""]
            if self.lock is not None:
                others.append(self.lock.path)
            if real in {os.path.realpath(p) for p in others if p} or self._is_part(real):
                raise ConfigError(
                    "the errors file would overwrite another output of this run",
                    self.errors_path,
                    option="errors",
                )

    def read_earlier(self) -> None:
        """Note what an existing manifest of this output lists (no checks: see `resumable`)."""
        if self.manifest_path is None:
            return
        try:
            check_option_file(self.manifest_path)
            with open(self.manifest_path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (ClipperError, OSError, ValueError, RecursionError):
            return
        self.earlier = data if isinstance(data, dict) else None

    def _earlier_files(self) -> set[str]:
        """Resolved paths of the files an earlier run of this output says it wrote."""
        data = self.earlier or {}
        if data.get("output") != self.config.output:
            return set()
        names: list[Any] = [self.manifest_path, data.get("errors_file")]
        parts = data.get("parts")
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, dict):
                names.extend([part.get("path"), part.get("errors_part")])
        return {os.path.realpath(n) for n in names if isinstance(n, str) and n}

    def claim(self, inputs: list[Input]) -> list[Input]:
        """The inputs minus the files of an earlier run of this output; refuses an input that
        is one of this run's outputs (it would be overwritten while, or before, it is read)."""
        if self.stdout and self.errors_path is None:
            return inputs
        targets = {os.path.realpath(t): t for t in self.targets()}
        earlier = self._earlier_files()
        kept = []
        for inp in inputs:
            if inp.kind in ("stdin", "missing", "skipped"):
                kept.append(inp)
                continue
            real = os.path.realpath(inp.path)
            if real not in targets and not self._is_part(real):
                kept.append(inp)
                continue
            if not inp.named and real in earlier:
                continue  # an earlier run's output, found by a folder walk or a glob
            errors = self.errors_path is not None and real == os.path.realpath(self.errors_path)
            raise ConfigError(
                f"is an input and would be overwritten as this run's "
                f"{'errors file' if errors else 'output'}: write the output elsewhere",
                inp.path,
                option="errors" if errors else "output",
            )
        return kept

    def check_existing(self, *, strict: bool) -> None:
        """If `strict`, refuse to overwrite an earlier run's files."""
        if self.stdout or not strict:
            return
        for path in [*self.targets(), *existing_parts(self.config.output)]:
            if os.path.lexists(path):
                raise OutputExistsError("already exists", path)

    def stale_parts(self, keep: Iterable[str]) -> list[str]:
        """Parts an earlier, longer run of this output wrote (and its manifest lists) that this
        run did not: left, they would mix two runs. Files it does not list are not touched."""
        kept = {os.path.realpath(p) for p in keep}
        earlier = self._earlier_files()
        return [
            p
            for p in existing_parts(self.config.output)
            if os.path.realpath(p) not in kept and os.path.realpath(p) in earlier
        ]

    # -- the manifest -----------------------------------------------------------------------

    def resumable(self, data: dict[str, Any], *, dask: bool = False) -> list[dict[str, Any]]:
        """The parts of a manifest, once it has been checked to be this output's, unchanged;
        raises OutputError (why) or ConfigError (other inputs or settings) otherwise."""
        assert self.manifest_path is not None
        try:
            parts = self._check_manifest(data, dask=dask)
        except ManifestError as exc:
            raise OutputError(
                f"cannot resume from this manifest: {exc}; start the run over instead",
                self.manifest_path,
            ) from None
        if data.get("settings") != self.fingerprint:
            raise ConfigError(RESUME_MISMATCH, self.manifest_path, option="resume")
        return parts

    def _check_manifest(self, data: Any, *, dask: bool) -> list[dict[str, Any]]:
        if not isinstance(data, dict):
            raise ManifestError("it is not a JSON object")
        if data.get("status") not in ("running", "done"):
            raise ManifestError("its status is neither running nor done")
        if data.get("output") != self.config.output:
            raise ManifestError(f"it is the manifest of {data.get('output')!r}")
        if data.get("errors_file") != self.errors_path:
            raise ManifestError("it names another errors file")
        done = data.get("done")
        counts = ("inputs", "records", "errors", "duplicates")
        if not isinstance(done, dict) or not all(_is_int(done.get(k)) for k in counts):
            raise ManifestError("its counts are missing or not numbers")
        for key in ("skipped", "removed"):
            table = done.get(key, {})
            if not isinstance(table, dict) or not all(_is_int(v) for v in table.values()):
                raise ManifestError(f"its {key} counts are not numbers")
        first = done.get("first_errors", [])
        if not isinstance(first, list) or not all(
            isinstance(e, list) and len(e) == 3 and all(isinstance(x, str) for x in e)
            for e in first
        ):
            raise ManifestError("its first errors are malformed")
        parts = data.get("parts")
        if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
            raise ManifestError("its list of parts is malformed")
        if dask:
            self._check_dask_parts(parts, data)
        else:
            self._check_local_parts(parts, done)
        skipped = sum(done.get("skipped", {}).values())
        if done["inputs"] != done["records"] + done["errors"] + skipped:
            raise ManifestError("its counts do not add up (inputs = records + errors + skipped)")
        if done["duplicates"] > done["records"]:
            raise ManifestError("it counts more duplicates than records")
        for k, part in enumerate(parts):
            self._check_file(part, part["partition"] if dask else k)
        lines = self._error_lines(parts, data["status"])
        if lines is not None and lines != done["errors"]:
            raise ManifestError(
                f"it counts {counted(done['errors'], 'error')}, its error files hold {lines}"
            )
        return list(parts)

    def _error_lines(self, parts: list[dict[str, Any]], status: str) -> int | None:
        """Error lines written so far: in the errors parts, or (done) in the errors file."""
        if self.errors_path is None:
            return None
        paths = (
            [self.errors_path]
            if status == "done"
            else [p["errors_part"] for p in parts if p.get("errors_part")]
        )
        count = 0
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    count += sum(1 for line in handle if line.strip())
            except OSError as exc:
                raise ManifestError(f"{path} cannot be read ({exc.strerror or exc})") from None
        return count

    def _check_local_parts(self, parts: list[dict[str, Any]], done: dict[str, Any]) -> None:
        end = 0
        records = duplicates = 0
        for k, part in enumerate(parts):
            if part.get("path") != self.part_path(k):
                raise ManifestError(f"part {k} is not named {self.part_path(k)!r}")
            if not (_is_int(part.get("first_input")) and _is_int(part.get("end_input"))):
                raise ManifestError(f"part {k} does not say which inputs it holds")
            if part["first_input"] != end or part["end_input"] < end:
                raise ManifestError(f"part {k} does not follow part {k - 1}")
            if not (_is_int(part.get("records")) and _is_int(part.get("duplicates"))):
                raise ManifestError(f"part {k} does not say how many records it holds")
            end = part["end_input"]
            records += part["records"]
            duplicates += part["duplicates"]
        if (done["inputs"], done["records"], done["duplicates"]) != (end, records, duplicates):
            raise ManifestError(
                f"its counts ({counted(done['inputs'], 'input')}, "
                f"{counted(done['records'], 'record')}, {counted(done['duplicates'], 'duplicate')}) "
                f"are not those of its parts ({end}, {records}, {duplicates})"
            )

    def _check_dask_parts(self, parts: list[dict[str, Any]], data: dict[str, Any]) -> None:
        count = data.get("partitions")
        if not isinstance(count, int) or not _is_int(count, 1):
            raise ManifestError("it does not say how many partitions the run had")
        for part in parts:
            k = part.get("partition")
            if not isinstance(k, int) or not (_is_int(k) and k < count):
                raise ManifestError("a part names no partition of the run")
            if part.get("path") != part_name(self.config.output, k):
                raise ManifestError(f"part {k} is not named {part_name(self.config.output, k)!r}")
            counts = part.get("counts")
            if not isinstance(counts, dict) or not all(
                _is_int(counts.get(c)) for c in ("inputs", "records", "errors", "duplicates")
            ):
                raise ManifestError(f"part {k} has no counts")
        done = data["done"]
        for key in ("inputs", "records", "errors", "duplicates"):
            if done[key] != sum(p["counts"][key] for p in parts):
                raise ManifestError(f"its {key} count is not the sum of its parts'")

    def _check_file(self, part: dict[str, Any], index: int) -> None:
        """A part's file (and its errors part) exist with the size and digest recorded."""
        label = part["path"]
        errors_part = part.get("errors_part")
        if errors_part is not None:
            if self.errors_path is None or errors_part != self.errors_part_path(index):
                raise ManifestError(f"the errors part of {label} is not one this run names")
        for key, path in (("", label), ("errors_", errors_part)):
            if path is None:
                continue
            size, digest = part.get(f"{key}size"), part.get(f"{key}sha256")
            if not (_is_int(size) and isinstance(digest, str)):
                raise ManifestError(f"it records no size and digest for {path}")
            try:
                found = file_digest(path)
            except OSError as exc:
                raise ManifestError(f"{path} cannot be read ({exc.strerror or exc})") from None
            if found != (size, digest):
                raise ManifestError(f"{path} is not the file the interrupted run wrote")

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest as it is on disk, or None when there is none."""
        assert self.manifest_path is not None
        if not os.path.lexists(self.manifest_path):
            return None
        try:
            check_option_file(self.manifest_path)
            with open(self.manifest_path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (ClipperError, OSError, ValueError, RecursionError) as exc:
            raise OutputError(
                f"cannot read the manifest of the earlier run: {exc}", self.manifest_path
            ) from exc
        if not isinstance(data, dict):
            raise OutputError(
                "cannot resume from this manifest: it is not a JSON object; start the run "
                "over instead",
                self.manifest_path,
            )
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


def check_settings(config: BatchConfig) -> None:
    """Refuse settings that cannot work, before any file is touched."""
    for option, paths in (
        ("site_rules", config.options.site_rules),
        ("repeats", config.options.repeats),
    ):
        for path in paths:
            try:
                check_option_file(path)
            except ClipperError as exc:
                raise ConfigError(exc.detail, path, option=option) from None
    if config.url is not None:
        try:
            config.url.encode("utf-8")
        except UnicodeEncodeError:
            raise ConfigError("the url is not valid Unicode", option="url") from None


def start_run(
    config: BatchConfig, args: list[str], *, dask: bool = False
) -> tuple[Run, dict[str, Any] | None, list[dict[str, Any]]]:
    """Everything a run checks before it writes: its settings, its output names, the lock, its
    inputs (none of them an output), and, when resuming, the manifest. Returns the run (its
    lock held: release it when done), the manifest (None for a fresh run) and its parts."""
    check_settings(config)
    state = Run(config, numbered=True if dask else None)
    state.check_output()
    if state.lock is not None:
        state.lock.acquire()
    try:
        state.read_earlier()
        inputs = expand_inputs(
            args,
            follow_symlinks=config.follow_symlinks,
            patterns=Patterns(config.include, config.exclude),
        )
        state.inputs = state.claim(inputs)
        if state.inputs and all(i.kind == "missing" for i in state.inputs):
            # Nothing to read at all (a mistyped name): a usage error, so that no empty output
            # is left to block the corrected command.
            reasons = "; ".join(f"{display(i.path)}: {i.reason}" for i in state.inputs[:3])
            raise ConfigError(f"nothing to read ({reasons})", option="inputs")
        if not state.inputs:
            raise ConfigError(
                "nothing to read: no input (an empty list of inputs, or only this output's files)",
                option="inputs",
            )
        state.fingerprint = fingerprint(config, state.inputs)
        manifest = state.read_manifest() if config.resume and not state.stdout else None
        parts = state.resumable(manifest, dask=dask) if manifest is not None else None
        # Resuming with nothing to resume is a fresh run, with a fresh run's checks.
        state.check_existing(strict=not config.force and manifest is None)
        return state, manifest, parts or []
    except BaseException:
        if state.lock is not None:
            state.lock.release()
        raise


__all__ = [
    "MANIFEST_SUFFIX",
    "RESUME_MISMATCH",
    "OutputLock",
    "Run",
    "fingerprint",
    "positions",
    "start_run",
]
