"""Labels lines of the dev copies (text/*.txt) by aligning them with the truth's body text.

Both dev sets: WCXB dev articles (`main_content`) and fundus-dev (`body_paragraphs` joined by blank
lines), read through benchmarks/datasets.py; `domain` is the page's registrable domain.

A line of the copy is body when most of its `\\w+` tokens are matched by an in-order token alignment
(difflib) of the whole copy against the whole truth text. Extra labels: the line that holds the
truth's title, its author names, its publication date. Reproducible: no randomness.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from benchmarks.datasets import FUNDUS, WCXB  # noqa: E402

DATASET = WCXB

_TOKEN = re.compile(r"\w+")


@dataclass
class Page:
    id: str
    domain: str
    lines: list[str]
    truth: dict[str, object]
    body: str
    labels: list[int] = field(default_factory=list)  # 1 body, 0 not
    matched: list[float] = field(default_factory=list)  # fraction of the line's tokens aligned
    title_line: int | None = None
    dataset: str = "wcxb"
    language: str = "und"


def _norm_tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(unicodedata.normalize("NFKC", text))]


def split_lines(text: str) -> list[str]:
    """The blocks the model sees: non-blank lines, stripped."""
    return [s for line in text.splitlines() if (s := line.strip())]


def align(lines: list[str], body: str) -> list[float]:
    """Per line, the fraction of its tokens that the in-order alignment matches to the truth."""
    owner: list[int] = []
    toks: list[str] = []
    for i, line in enumerate(lines):
        t = _norm_tokens(line)
        toks.extend(t)
        owner.extend([i] * len(t))
    truth = _norm_tokens(body)
    hit = [0] * len(lines)
    if toks and truth:
        sm = SequenceMatcher(None, toks, truth, autojunk=False)
        for a, _b, size in sm.get_matching_blocks():
            # Runs of one or two common tokens are chance matches, not aligned text.
            if size < 3:
                continue
            for k in range(a, a + size):
                hit[owner[k]] += 1
    out = []
    for i, line in enumerate(lines):
        n = len(_norm_tokens(line))
        out.append(hit[i] / n if n else 0.0)
    return out


def _title_line(lines: list[str], title: str | None, limit: int) -> int | None:
    """The first line (before the body ends) whose tokens equal the title's, or best contain it."""
    if not title:
        return None
    want = _norm_tokens(title)
    if not want:
        return None
    best, best_i = 0.0, None
    for i, line in enumerate(lines[:limit]):
        got = _norm_tokens(line)
        if got == want:
            return i
        if got and len(got) <= 2 * len(want):
            common = sum((_counter(got) & _counter(want)).values())
            score = common / max(len(got), len(want))
            if score > best:
                best, best_i = score, i
    return best_i if best >= 0.8 else None


def _counter(tokens: list[str]) -> dict[str, int]:
    from collections import Counter

    return Counter(tokens)


def load(page_id: str, root: Path = DATASET) -> Page:
    from benchmarks.datasets import load_page

    src = load_page(page_id, root)
    lines = split_lines(src.text)
    page = Page(page_id, src.domain, lines, src.truth, src.body)
    page.dataset, page.language = src.dataset, src.language
    page.matched = align(lines, page.body)
    page.labels = [1 if m >= 0.5 else 0 for m in page.matched]
    last = max((i for i, y in enumerate(page.labels) if y), default=len(lines) - 1)
    page.title_line = _title_line(lines, src.truth.get("title"), last + 1)
    return page


def page_ids(root: Path = DATASET) -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in (root / "truth").glob("*.json"))


def _load_all(roots: tuple[Path, ...]) -> list[Page]:
    return [
        load(i, root)
        for root in roots
        for i in page_ids(root)
        if (root / "text" / f"{i}.txt").exists()
    ]


CACHE_DIR = Path(tempfile.gettempdir()) / "clipper-labels"


def _cache_key(roots: tuple[Path, ...]) -> str:
    """Digest of the code that makes the labels and of the data files' names, sizes and times."""
    h = hashlib.sha256()
    here = Path(__file__).resolve()
    for src in (here, here.parent.parent / "benchmarks" / "datasets.py"):
        h.update(src.read_bytes())
    for root in roots:
        h.update(str(root.resolve()).encode())
        for f in sorted(root.glob("*/*")):
            st = f.stat()
            h.update(f"{f.name} {st.st_size} {st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def load_all(roots: tuple[Path, ...] = (WCXB, FUNDUS), cache: bool = True) -> list[Page]:
    """Every page of the given dev sets (both by default) that has a copy, labelled.

    Aligning 824 copies with their truth takes half a minute to minutes on a busy machine, so the
    result is kept in a pickle under the temp folder, keyed by the digest of this file, of
    benchmarks/datasets.py and of the data files' names, sizes and times: any change to either
    recomputes it. `cache=False` (or CLIPPER_NO_LABEL_CACHE=1) always recomputes."""
    if not cache or os.environ.get("CLIPPER_NO_LABEL_CACHE"):
        return _load_all(roots)
    path = CACHE_DIR / f"{_cache_key(roots)}.pkl"
    if path.exists():
        with path.open("rb") as f:
            pages: list[Page] = pickle.load(f)
        return pages
    pages = _load_all(roots)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(pages, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return pages
