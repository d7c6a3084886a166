"""The worker pool: clean one item per worker process, under a per-input time limit, in order.

Each worker is a process of its own with its own pipe and at most one input in flight, so a
stuck input costs one worker (killed and replaced), not the batch.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from .. import errors as _errors
from ..errors import CleanTimeoutError, ClipperError, InputError
from ..models import CleanOptions, Clipping
from ..pipeline import clean_html, clean_text
from ..pipeline import clean_item as clean_read_item
from ..readers.files import Item
from ..readers.warc import decode_item

Outcome = Clipping | ClipperError | str  # a str is the reason an input was skipped
Position = tuple[int, Item]  # (input bytes done, item)


def clean_item(item: Item, options: CleanOptions) -> Clipping:
    """Clean one item with the library pipeline (decoding a WARC body first); raises ClipperError."""
    item = decode_item(item)
    if item.error is not None:
        raise item.error
    if item.skip is not None:
        raise InputError(f"nothing to clean: {item.skip}", item.source.path)
    return clean_read_item(item, options)


def _error_tuple(exc: ClipperError) -> tuple[str, str, str | None]:
    return (exc.kind, exc.detail, exc.source)


def _rebuild_error(kind: str, detail: str, source: str | None) -> ClipperError:
    # Exceptions lose their `source` when pickled, so they travel as (kind, detail, source).
    cls = getattr(_errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, ClipperError)):
        cls = ClipperError
    return cls(detail, source)


def _unpicklable(exc: BaseException, item: Item) -> ClipperError:
    """An item or a record that cannot cross to or from a worker (nested too deep to pickle)."""
    what = "nested too deep" if isinstance(exc, RecursionError) else type(exc).__name__
    return InputError(f"cannot be passed between processes ({what})", item.source.path)


def _unexpected(exc: BaseException, item: Item) -> ClipperError:
    """A bug in a cleaning step must cost one input, not the batch."""
    return InputError(f"unexpected {type(exc).__name__}: {exc}", item.source.path)


class _Alarm(BaseException):
    """Raised in a worker by SIGPROF when an input has used up its CPU time."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Alarm()


def clean_with_timeout(item: Item, options: CleanOptions, timeout: float | None) -> Outcome:
    """Clean one item, turning every failure into a ClipperError.

    In a main thread the limit is CPU time (`ITIMER_PROF`: this process's user and system
    time), not wall-clock time: with more workers than CPUs each input gets a share of a CPU,
    and a wall clock would stop good inputs only because they waited for one.
    """
    use_alarm = timeout is not None and threading.current_thread() is threading.main_thread()
    try:
        if use_alarm:
            assert timeout is not None
            signal.signal(signal.SIGPROF, _on_alarm)
            signal.setitimer(signal.ITIMER_PROF, timeout)
        try:
            # A WARC body is decoded here, in the worker and under the limit (decode_item).
            item = decode_item(item)
            if item.error is not None:
                return item.error
            if item.skip is not None:
                return item.skip
            return clean_item(item, options)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_PROF, 0)
    except _Alarm:
        return CleanTimeoutError(f"took more than {timeout:g} s of CPU time", item.source.path)
    except ClipperError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - see _unexpected
        return _unexpected(exc, item)


def _worker_main(
    conn: Connection, options: CleanOptions, timeout: float | None, parent: int | None
) -> None:
    """A worker process: receive (index, item), send back (index, outcome) until told to stop.

    `parent` is the pid of the parent when the worker was forked from it: forked siblings
    share pipe ends, so a killed parent is noticed by the parent pid changing rather than by
    the pipe closing.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            if not conn.poll(1.0):
                if parent is not None and os.getppid() != parent:
                    return  # the parent died (SIGKILL): do not linger
                continue
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        outcome = clean_with_timeout(item, options, timeout)
        payload: Any = (
            ("error", *_error_tuple(outcome)) if isinstance(outcome, ClipperError) else outcome
        )
        try:
            try:
                conn.send((index, payload))
            except (RecursionError, pickle.PicklingError, TypeError) as exc:
                # Pickled whole before anything is sent: the pipe is clean, say why instead.
                why = _unpicklable(exc, item)
                conn.send((index, ("error", *_error_tuple(why))))
        except (OSError, ValueError):
            return


def _start_method() -> str:
    """fork where it is safe (no other threads: workers start at once and share the parent's
    loaded modules); else forkserver, else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: int | None = None
    item: Item | None = None
    started: float = 0.0
    cpu_started: float | None = None
    done: int = 0


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used, from /proc; None where there is none."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
        fields = data[data.rindex(b")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return None


class Pool:
    """Worker processes that can be killed one by one (a stuck input) and replaced.

    Each worker has its own pipe and at most one input in flight, so the parent always knows
    which input a worker holds and since when. Workers start when there is an input for them,
    up to `workers`: a run of one input (a single page on stdin) starts one process.
    """

    def __init__(
        self,
        workers: int,
        options: CleanOptions,
        timeout: float | None,
        *,
        grace: float = 2.0,
        start_method: str | None = None,
        max_tasks: int | None = 1000,
    ) -> None:
        self.auto_method = start_method is None  # else the caller's, kept whatever happens
        self._use(start_method or _start_method())
        self.options = options
        self.timeout = timeout
        # Workers are replaced after this many inputs, so that whatever a parser's caches or a
        # fragmented heap make them grow by cannot add up over a long run: memory stays flat.
        self.max_tasks = max_tasks
        # A worker's own CPU-time alarm stops a slow input; these are the backstops for code
        # that does not return to Python for long (a call inside a C extension): a worker past
        # `hard_limit` seconds of CPU on one input, or holding one for `wall_limit` seconds
        # (stuck waiting), is killed. The wall limit allows for sharing the CPUs: with more
        # workers than CPUs, each input gets only a share of one.
        self.hard_limit = None if timeout is None else timeout + max(grace, timeout * 0.2)
        share = max(1, -(-max(1, workers) // cpu_count()))
        self.wall_limit = None if self.hard_limit is None else 3 * share * self.hard_limit
        self.size = max(1, workers)
        self.workers: list[_Worker] = []

    def _use(self, method: str) -> None:
        self.method = method
        self.ctx: Any = multiprocessing.get_context(method)
        if method == "forkserver":
            self.ctx.set_forkserver_preload(["clipper.batch.pool", "clipper.pipeline"])

    def _start(self) -> _Worker:
        if self.auto_method and self.method == "fork" and threading.active_count() > 1:
            # A thread started since the pool was made (workers start as inputs come): forking
            # now could copy a lock that thread holds. Later workers use the safe method.
            self._use(_start_method())
        parent_conn, child_conn = self.ctx.Pipe()
        parent = os.getpid() if self.method == "fork" else None
        process = self.ctx.Process(
            target=_worker_main,
            args=(child_conn, self.options, self.timeout, parent),
            daemon=True,
        )
        process.start()
        child_conn.close()
        return _Worker(process, parent_conn)

    def idle(self) -> _Worker | None:
        """A worker without an input: a started one, else a new one while fewer than `size`
        are running."""
        for worker in self.workers:
            if worker.task is None:
                return worker
        if len(self.workers) < self.size:
            self.workers.append(self._start())
            return self.workers[-1]
        return None

    @property
    def busy(self) -> int:
        return sum(1 for w in self.workers if w.task is not None)

    def submit(self, worker: _Worker, index: int, item: Item) -> None:
        # The worker does not need the raw WARC record; it stays with the parent.
        worker.conn.send((index, replace(item, warc_record=None)))
        worker.task = index
        worker.item = item
        worker.started = time.monotonic()
        worker.cpu_started = _cpu_seconds(worker.process.pid)

    def _replace(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
        except (OSError, ValueError):
            pass
        worker.process.join(5)
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start()

    def collect(self, max_wait: float) -> list[tuple[int, Outcome]]:
        """Outcomes that arrive within `max_wait` seconds; kills workers past the hard limit."""
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return []
        now = time.monotonic()
        if self.wall_limit is not None:
            soonest = min(w.started + self.wall_limit for w in busy)
            max_wait = max(0.0, min(max_wait, soonest - now))
        by_conn = {id(w.conn): w for w in busy}
        done: list[tuple[int, Outcome]] = []
        for conn in wait([w.conn for w in busy], max_wait):
            worker = by_conn[id(conn)]
            index, item = worker.task, worker.item
            assert index is not None and item is not None
            worker.task, worker.item = None, None
            try:
                got, payload = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(2)  # reap it, so that its exit status is known
                code = worker.process.exitcode
                why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                done.append(
                    (index, InputError(f"the worker cleaning it died ({why})", item.source.path))
                )
                self._replace(worker)
                continue
            if isinstance(payload, tuple) and payload and payload[0] == "error":
                done.append((got, _rebuild_error(*payload[1:])))
            else:
                done.append((got, payload))
            worker.done += 1
            if self.max_tasks is not None and worker.done >= self.max_tasks:
                self._retire(worker)
        if self.hard_limit is not None and self.wall_limit is not None:
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.task is None:
                    continue
                cpu = _cpu_seconds(worker.process.pid)
                used = (
                    None if cpu is None or worker.cpu_started is None else cpu - worker.cpu_started
                )
                if used is not None and used > self.hard_limit:
                    why = f"took more than {self.timeout:g} s of CPU time (worker stopped)"
                elif now - worker.started > self.wall_limit:
                    why = (
                        f"held a worker for {self.wall_limit:g} s without finishing "
                        "(worker stopped)"
                    )
                else:
                    continue
                index, item = worker.task, worker.item
                assert index is not None and item is not None
                done.append((index, CleanTimeoutError(why, item.source.path)))
                self._replace(worker)
        return done

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker politely and start a fresh one in its place."""
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.process.join(5)
        self._replace(worker)

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()

    def terminate(self) -> None:
        for worker in self.workers:
            worker.process.kill()
        for worker in self.workers:
            worker.process.join(2)
            worker.conn.close()


def cpu_count() -> int:
    """CPUs this process may use (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def warm_up() -> None:
    """Load the cleaning code and its lazy data (models, word lists) before forking, so every
    worker starts with them loaded (shared copy-on-write) instead of paying on its first input."""
    for name in ("clipper.extract.html", "clipper.extract.text", "clipper.rules"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    samples = (
        (clean_text, "Warm-up headline\n\nA first paragraph of warm-up text for the cleaner.\n"),
        (
            clean_html,
            "<html><body><article><p>A paragraph of warm-up text.</p></article></body></html>",
        ),
    )
    for clean, sample in samples:
        try:
            clean(sample)
        except Exception:  # noqa: BLE001 - a failure here shows up again on real inputs
            pass


def ordered_outcomes(
    items: Iterator[Position],
    clean: Callable[[Item], Outcome] | Pool,
    *,
    window: int,
) -> Iterator[tuple[Item, Outcome, int]]:
    """(item, outcome, bytes done) for every item, in input order.

    With a Pool, at most `window` items are held at once (in flight or waiting for an earlier
    one to finish), so memory stays flat however many inputs there are.
    """
    if not isinstance(clean, Pool):
        for position, item in items:
            outcome: Outcome = (
                item.error if item.error else item.skip if item.skip is not None else clean(item)
            )
            yield item, outcome, position
        return
    pool = clean
    held: dict[int, tuple[Item, int]] = {}
    done: dict[int, Outcome] = {}
    waiting: tuple[int, int, Item] | None = None
    next_in = next_out = 0
    exhausted = False
    while True:
        while not exhausted and len(held) < window:
            if waiting is None:
                got = next(items, None)
                if got is None:
                    exhausted = True
                    break
                waiting = (next_in, got[0], got[1])
                next_in += 1
            index, position, item = waiting
            if item.error is not None or item.skip is not None:
                done[index] = item.error if item.error is not None else str(item.skip)
            else:
                worker = pool.idle()
                if worker is None:
                    break
                try:
                    pool.submit(worker, index, item)
                except (RecursionError, pickle.PicklingError, TypeError) as exc:
                    done[index] = _unpicklable(exc, item)
            held[index] = (item, position)
            waiting = None
        while next_out in done:
            item, position = held.pop(next_out)
            yield item, done.pop(next_out), position
            next_out += 1
        if exhausted and not held:
            return
        for index, outcome in pool.collect(0.5):
            done[index] = outcome


def clean_in_thread(item: Item, options: CleanOptions, timeout: float | None) -> Outcome:
    """Clean one item within `timeout` seconds from any thread (a Dask task is not in a main one).

    SIGALRM reaches only a main thread, so elsewhere the item is cleaned in a daemon thread
    of its own and waited for: past the limit it is recorded as a CleanTimeoutError and the
    caller goes on. The thread cannot be stopped; it ends when its cleaning does (every
    input is bounded in size, so it does end) and does not keep the process alive.
    """
    if timeout is None or threading.current_thread() is threading.main_thread():
        return clean_with_timeout(item, options, timeout)
    result: list[Outcome] = []
    worker = threading.Thread(
        target=lambda: result.append(clean_with_timeout(item, options, None)),
        name="clipper-clean",
        daemon=True,
    )
    worker.start()
    worker.join(timeout)
    if not result:
        return CleanTimeoutError(f"took longer than {timeout:g} s", item.source.path)
    return result[0]


__all__ = [
    "Outcome",
    "Pool",
    "Position",
    "clean_in_thread",
    "clean_item",
    "clean_with_timeout",
    "cpu_count",
    "ordered_outcomes",
    "warm_up",
]
