"""Progress on stderr while a batch runs: a tqdm bar of pages, pages/s, errors, ETA by bytes."""

from __future__ import annotations

import sys
import time
from typing import Any

from ..lexicon.counts import counted
from .config import BatchConfig, BatchSummary


def byte_bar(total: int | None) -> Any:
    """A tqdm bar on stderr whose position is input bytes read (an ETA when `total` is known);
    the caller writes its counts into the description."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: workers may be forked later
    return tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format="{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]"
        if total
        else "{desc} [{elapsed}]",
    )


class Progress:
    """A tqdm bar on stderr: pages, pages/s, errors; ETA from the input bytes read."""

    def __init__(self, config: BatchConfig, total: int | None, summary: BatchSummary) -> None:
        show = config.progress if config.progress is not None else sys.stderr.isatty()
        self.summary = summary
        self.bar: Any = None
        self.start = time.monotonic()
        self.first = summary.inputs
        self.last = 0.0
        if show:
            self.bar = byte_bar(total)

    def update(self, position: int, *, force: bool = False) -> None:
        if self.bar is None:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and not force:
            return
        self.last = now
        s = self.summary
        rate = (s.inputs - self.first) / max(now - self.start, 1e-9)
        # The description, not the postfix: tqdm puts ", " before a postfix.
        self.bar.set_description_str(
            f"{counted(s.inputs, 'page')}, {rate:.1f} pages/s, {counted(s.errors, 'error')}",
            refresh=False,
        )
        self.bar.n = position
        self.bar.refresh()

    def close(self, position: int | None = None) -> None:
        if self.bar is not None:
            if position is not None:
                self.update(position, force=True)
            self.bar.close()


__all__ = ["Progress", "byte_bar"]
