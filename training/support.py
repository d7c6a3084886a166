"""What the support scripts share (end_support.py, word_support.py): the dev copies by registrable
domain, and the `--check` / write step of their command line.

A phrase enters a word list only with support on >= MIN_SUPPORT registrable domains of the dev
data: the number of domains (benchmarks/datasets.py) of both dev sets (WCXB dev articles and
fundus-dev) on whose browser copy (text/*.txt) some line is the phrase as its rule matches it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import SETS, page_ids, registrable_domain  # noqa: E402

MIN_SUPPORT = 3


def _url_of(truth_path: Path) -> str | None:
    url = json.loads(truth_path.read_text("utf-8")).get("url")
    return url if isinstance(url, str) else None


def copies(roots: Iterable[Path] = SETS.values()) -> Iterator[tuple[str, str]]:
    """(registrable domain, browser copy text) of every page of `roots` that has a copy; a page
    without a URL counts as a domain of its own."""
    for root in roots:
        for page_id in page_ids(root):
            text_path = root / "text" / f"{page_id}.txt"
            if not text_path.exists():
                continue
            domain = registrable_domain(_url_of(root / "truth" / f"{page_id}.json")) or page_id
            yield domain, text_path.read_text("utf-8")


def checking(doc: str) -> bool:
    """The command line of a support script: True for `--check`."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the committed file")
    return bool(ap.parse_args().check)


def check(out: Path, counts: Any) -> int:
    """Compare `counts` with the committed file `out`: 0 when equal, else 1 (both said)."""
    same = json.loads(out.read_text("utf-8")) == counts
    print("up to date" if same else f"{out.name} is stale: run training/{out.stem}.py")
    return 0 if same else 1


def write(out: Path, counts: Any, *, sort_keys: bool = False) -> None:
    out.write_text(
        json.dumps(counts, ensure_ascii=False, indent=1, sort_keys=sort_keys) + "\n", "utf-8"
    )
