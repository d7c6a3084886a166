"""The worker pool: a stuck input is killed and replaced, a dying worker costs one input."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

import clipper.batch.pool as batch_pool
from clipper.errors import CleanTimeoutError, InputError
from clipper.models import DEFAULT_OPTIONS, Clipping, Source
from clipper.readers.files import Item

STORY = (
    "Museum reopens\n\nThe city museum reopened on Saturday after two years of work on room {i}.\n"
)


def _items(contents: list[bytes]) -> Iterator[tuple[int, Item]]:
    for i, content in enumerate(contents):
        yield (
            0,
            Item(
                source=Source(f"in{i}", "text", None), content=content, kind="text", payload=content
            ),
        )


def _run(contents: list[bytes], monkeypatch: pytest.MonkeyPatch) -> list[object]:
    real = batch_pool.clean_item

    def misbehaving(item: Item, options: object) -> Clipping:
        if item.content == b"stuck":
            # Like a long call in C: the worker's own alarm cannot interrupt it.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGPROF})
            time.sleep(60)
        if item.content == b"crash":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(item, DEFAULT_OPTIONS)

    # Workers are forked after this, so they run the patched function.
    monkeypatch.setattr(batch_pool, "clean_item", misbehaving)
    batch_pool.warm_up()
    pool = batch_pool.Pool(2, DEFAULT_OPTIONS, 1.0, grace=0.3, start_method="fork")
    try:
        return [o for _, o, _ in batch_pool.ordered_outcomes(_items(contents), pool, window=4)]
    finally:
        pool.close()


def test_a_stuck_worker_is_killed_and_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    contents = [STORY.format(i=i).encode() for i in range(6)]
    contents[1] = b"stuck"
    start = time.monotonic()
    outcomes = _run(contents, monkeypatch)
    assert time.monotonic() - start < 30  # not the 60 s the input would sleep
    assert isinstance(outcomes[1], CleanTimeoutError) and "worker stopped" in str(outcomes[1])
    assert str(outcomes[1]).startswith("in1:")
    others = [o for i, o in enumerate(outcomes) if i != 1]
    assert all(isinstance(o, Clipping) for o in others)
    assert [o.source.path for o in others] == ["in0", "in2", "in3", "in4", "in5"]


def test_a_dying_worker_costs_only_its_input(monkeypatch: pytest.MonkeyPatch) -> None:
    contents = [STORY.format(i=i).encode() for i in range(6)]
    contents[2] = b"crash"
    outcomes = _run(contents, monkeypatch)
    assert isinstance(outcomes[2], InputError) and "died (signal 9)" in str(outcomes[2])
    assert sum(isinstance(o, Clipping) for o in outcomes) == 5


def test_workers_are_recycled_after_max_tasks() -> None:
    batch_pool.warm_up()
    pool = batch_pool.Pool(2, DEFAULT_OPTIONS, 5.0, max_tasks=3, start_method="fork")
    try:
        first = {w.process.pid for w in pool.workers}
        contents = [STORY.format(i=i).encode() for i in range(10)]
        outcomes = [o for _, o, _ in batch_pool.ordered_outcomes(_items(contents), pool, window=4)]
        assert [o.source.path for o in outcomes if isinstance(o, Clipping)] == [
            f"in{i}" for i in range(10)
        ]
        assert not first & {w.process.pid for w in pool.workers}
    finally:
        pool.close()
