"""Keep a per-call time limit (`CleanOptions.timeout`) in whatever thread the call runs.

How the limit is kept depends on where the call runs:

- **The main thread** (a script, a CLI, a worker process of `clipper.CleanPool` or of the batch
  pool, whose tasks run in that process's main thread): a real-time interval timer (SIGALRM).
  A timer or handler the program already set is put back afterwards, with the time it had left;
  when an outer timer is due first it stays in charge and ours is not set.
- **Any other thread** (a thread pool, a web server's request thread, a Dask task): SIGALRM can
  only reach the main thread, so a timer thread raises the timeout in the calling thread with
  CPython's ``PyThreadState_SetAsyncExc``.

Either way the timeout is raised between two Python bytecodes: a long call inside C code (one
lxml parse) finishes before it lands, so the limit is kept to within that call's length. Every
input is bounded by `max_bytes`, so such a call does end. To bound a call whatever it does, clean
in worker processes (`clipper.CleanPool`, `clipper.aclean_html`), where a stuck worker costs one
worker and the caller is answered at the limit.

The exception used inside is a BaseException, so that the `except Exception` blocks of the
libraries clipper calls cannot swallow it; callers see `CleanTimeoutError` only.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import CleanTimeoutError

T = TypeVar("T")


class _Expired(BaseException):
    """Raised inside a call whose time limit has passed; turned into CleanTimeoutError."""


def _message(timeout: float) -> str:
    return f"cleaning took longer than the time limit of {timeout:g} s"


def run_with_deadline(fn: Callable[[], T], timeout: float | None, source: str | None) -> T:
    """`fn()`, raising CleanTimeoutError (naming `source`) if it runs longer than `timeout` s."""
    if timeout is None:
        return fn()
    if timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _in_main_thread(fn, timeout, source)
    return _in_other_thread(fn, timeout, source)


def _in_main_thread(fn: Callable[[], T], timeout: float, source: str | None) -> T:
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= timeout:
        return fn()  # the program's own timer fires first: leave it in charge
    token = _Expired()

    def on_alarm(signum: int, frame: Any) -> None:
        raise token

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired as exc:
        if exc is not token:
            raise
        raise CleanTimeoutError(_message(timeout), source) from None
    finally:
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            # The outer timer was later than ours; give it back what it had left (at least a
            # tick, so that a deadline that passed meanwhile still fires).
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    import ctypes  # here: only threads with a time limit need it, and it is slow to import

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


def _in_other_thread(fn: Callable[[], T], timeout: float, source: str | None) -> T:
    if sys.implementation.name != "cpython":
        raise CleanTimeoutError(
            "a time limit outside the main thread needs CPython; clean in worker processes "
            "(clipper.CleanPool) instead",
            source,
        )
    caller = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _set_async_exc(caller, _Expired)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    try:
        timer.start()
        try:
            return fn()
        finally:
            with lock:
                state["running"] = False
                if state["fired"]:
                    _set_async_exc(caller, None)  # not raised yet: take it back
            timer.cancel()
    except _Expired:
        raise CleanTimeoutError(_message(timeout), source) from None


__all__ = ["run_with_deadline"]
