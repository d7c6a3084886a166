"""Clean in worker processes, for callers that must not wait: asyncio loops, Scrapy, threads.

`CleanPool` is a pool of worker processes that each run `clean_html` / `clean_text` / `clean`;
`aclean_html`, `aclean_text` and `aclean` await the shared default pool. Cleaning is CPU-bound
Python, so a thread would hold the GIL and stall the loop; a process does not.

The shared pool:

- **size**: the number of CPUs this process may use, or the `CLIPPER_WORKERS` environment
  variable when set; read when the pool starts.
- **lifetime**: started by the first `aclean_*` call (its workers are started and warmed in a
  thread, so the loop never waits for them), kept for the life of the program, and closed by
  `clipper.shutdown()` (or at interpreter exit). A call after `shutdown()` starts a new pool.

Workers are started with the `forkserver` method (fork is unsafe once the caller has threads,
as asyncio and Twisted programs do), with clipper's modules preloaded in the fork server, so a
new worker is ready at once. Each task runs in its worker's main thread, where
`CleanOptions.timeout` is kept by SIGALRM; past the limit plus a grace period the awaiting caller
gets `CleanTimeoutError` even if the worker is stuck inside C code.
A worker that dies (killed, out of memory) fails the calls it was running with a ClipperError;
the pool then starts afresh for the next call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import signal
import threading
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Literal, Self

from .errors import CleanTimeoutError, ClipperError, InputTypeError
from .models import DEFAULT_OPTIONS, CleanOptions, Clipping, Source
from .pipeline import clean, clean_html, clean_text

#: What a worker imports before its first task (the fork server imports it once for all).
_PRELOAD = ["clipper.pipeline", "clipper.extract.html", "clipper.extract.text"]

Kind = Literal["html", "text", "auto"]


def _default_workers() -> int:
    env = os.environ.get("CLIPPER_WORKERS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise ValueError(f"CLIPPER_WORKERS must be a whole number, not {env!r}") from None
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _warm_worker() -> None:
    """Worker start: Ctrl-C is the parent's to handle; import the cleaning code now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import importlib

    for name in _PRELOAD:
        importlib.import_module(name)


def _ready() -> int:
    return os.getpid()


def _run(
    kind: Kind,
    data: str | bytes,
    url: str | None,
    options: CleanOptions,
    source: Source | None,
) -> Clipping:
    """One task in a worker (module-level, so that it pickles by name)."""
    if kind == "html":
        return clean_html(data, url, options, source=source)
    if kind == "text":
        return clean_text(data, url, options, source=source)
    return clean(data, url, options, source=source)


class CleanPool:
    """A pool of worker processes that clean pages; usable from threads, asyncio and Twisted.

    ``workers`` defaults to the number of CPUs this process may use (or ``CLIPPER_WORKERS``).
    Workers start on first use (or `start()`); `close()` ends them. As a context manager (``with``
    or ``async with``) the pool is closed on exit.

    Example::

        async with clipper.CleanPool(workers=4) as pool:
            record = await pool.clean_html(html, url=url)
    """

    def __init__(self, workers: int | None = None, *, max_tasks_per_worker: int | None = None):
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._workers = workers
        self._max_tasks = max_tasks_per_worker
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def workers(self) -> int:
        """How many worker processes the pool runs."""
        return self._workers or _default_workers()

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Effective only if the fork server is not yet running; the initializer imports
            # the same modules otherwise.
            context.set_forkserver_preload(_PRELOAD)
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_warm_worker,
            max_tasks_per_child=self._max_tasks,
        )

    def start(self) -> Self:
        """Start every worker and wait until each is ready (blocking: call it in a thread from
        an event loop, as the async methods do)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this CleanPool is closed")
            if self._executor is None:
                executor = self._new_executor()
                # One task per worker makes the executor start them all now.
                for ready in [executor.submit(_ready) for _ in range(self.workers)]:
                    ready.result()
                self._executor = executor
        return self

    @property
    def started(self) -> bool:
        return self._executor is not None

    def submit(
        self,
        kind: Kind,
        data: str | bytes,
        url: str | None = None,
        options: CleanOptions | None = None,
        *,
        source: Source | None = None,
    ) -> concurrent.futures.Future[Clipping]:
        """Queue one page (`kind`: "html", "text" or "auto" for `clipper.clean`); the future's
        result is the Clipping or the ClipperError the call raised."""
        if kind not in ("html", "text", "auto"):
            raise ValueError(f"kind must be 'html', 'text' or 'auto', not {kind!r}")
        options = options or DEFAULT_OPTIONS
        if not isinstance(data, bytes | str | os.PathLike):
            # Refused here: the object may not even pickle (a Scrapy Response, a socket).
            call = {"html": "clean_html", "text": "clean_text", "auto": "clean"}[kind]
            raise InputTypeError(
                f"{call}() takes the page as bytes or str, not {type(data).__name__}",
                (source.path if source else None) or url,
            )
        if self._executor is None:
            self.start()
        for _attempt in range(2):
            executor = self._executor
            assert executor is not None
            try:
                return executor.submit(_run, kind, data, url, options, source)
            except BrokenProcessPool:
                self._replace(executor)
        raise ClipperError("the cleaning worker processes cannot be started", url)

    def _replace(self, broken: concurrent.futures.ProcessPoolExecutor) -> None:
        """A worker died: start a new executor (once, whichever caller notices first)."""
        with self._lock:
            if self._executor is broken and not self._closed:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_executor()

    async def _await(
        self,
        kind: Kind,
        data: str | bytes,
        url: str | None,
        options: CleanOptions | None,
        source: Source | None,
    ) -> Clipping:
        if self._executor is None:
            await asyncio.to_thread(self.start)
        future = self.submit(kind, data, url, options, source=source)
        timeout = (options or DEFAULT_OPTIONS).timeout
        # The worker keeps the limit itself; this bound answers the caller even if it cannot.
        limit = None if timeout is None else timeout + max(1.0, timeout * 0.2)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), limit)
        except TimeoutError:
            name = (source.path if source else None) or url
            raise CleanTimeoutError(
                f"cleaning took longer than the time limit of {timeout:g} s "
                "(the worker did not stop in time and is still busy)",
                name,
            ) from None
        except BrokenProcessPool as exc:
            executor = self._executor
            if executor is not None:
                self._replace(executor)
            name = (source.path if source else None) or url
            raise ClipperError(
                f"the worker process cleaning this input died: {exc}", name
            ) from None

    async def clean_html(
        self,
        html: str | bytes,
        url: str | None = None,
        options: CleanOptions | None = None,
        *,
        source: Source | None = None,
    ) -> Clipping:
        """`clipper.clean_html` in a worker process, awaited."""
        return await self._await("html", html, url, options, source)

    async def clean_text(
        self,
        text: str | bytes,
        url: str | None = None,
        options: CleanOptions | None = None,
        *,
        source: Source | None = None,
    ) -> Clipping:
        """`clipper.clean_text` in a worker process, awaited."""
        return await self._await("text", text, url, options, source)

    async def clean(
        self,
        data: str | bytes,
        url: str | None = None,
        options: CleanOptions | None = None,
        *,
        source: Source | None = None,
    ) -> Clipping:
        """`clipper.clean` (HTML or text, told apart by content) in a worker process, awaited."""
        return await self._await("auto", data, url, options, source)

    def close(self, wait: bool = True, *, cancel_pending: bool = False) -> None:
        """End the workers: after the queued pages (default), or dropping those not started."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._closed = True
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=cancel_pending)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(cancel_pending=exc is not None)

    async def __aenter__(self) -> Self:
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.close, True, cancel_pending=exc is not None)


_shared: CleanPool | None = None
_shared_lock = threading.Lock()


def _shared_pool() -> CleanPool:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CleanPool()
        return _shared


async def aclean_html(
    html: str | bytes,
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
) -> Clipping:
    """`clipper.clean_html` on the shared worker pool; the event loop goes on meanwhile."""
    return await _shared_pool().clean_html(html, url, options, source=source)


async def aclean_text(
    text: str | bytes,
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
) -> Clipping:
    """`clipper.clean_text` on the shared worker pool; the event loop goes on meanwhile."""
    return await _shared_pool().clean_text(text, url, options, source=source)


async def aclean(
    data: str | bytes,
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
) -> Clipping:
    """`clipper.clean` on the shared worker pool; the event loop goes on meanwhile."""
    return await _shared_pool().clean(data, url, options, source=source)


def shutdown(wait: bool = True) -> None:
    """Close the shared worker pool (the next `aclean_*` call starts a new one)."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.close(wait)


__all__ = ["CleanPool", "aclean", "aclean_html", "aclean_text", "shutdown"]
