"""Title, published day and authors from copied text, on both dev sets' copies (WCXB, fundus-dev).

Runs `clipper.extract.text.extract_text` on every `text/*.txt` (with the page's URL, as
`clean_text(text, url)` has it; `--no-url` for the text alone) and scores the metadata as
benchmarks/scoring.py does, over all pages with a truth value and over the pages whose copy shows
it ("shown": the title is a line of the copy; some short line reads as the published day; an
author's name is in the copy). fundus-dev's authors are scored as people (its agencies and desks
apart, benchmarks/datasets.py). In-sample uses the shipped weights; CV by registrable domain
(`datasets.fold_of`) retrains the title ranker on the other folds and scores each held-out fold,
with `--line-folds DIR` under that fold's line model and cut-offs too (training/train_linemodel.py
--save-folds DIR), so nothing learned has seen the fold's sites. Dates and bylines are read by
rules, not trained, so their CV figure is the same page set scored under the fold's models (they
anchor on the title and body start). Per dev set. Also times the header step alone.

Example:
    .venv/bin/python training/eval_header.py
    .venv/bin/python training/eval_header.py --no-url             # text alone
    .venv/bin/python training/eval_header.py --no-cv --rules-body
    .venv/bin/python training/eval_header.py --no-cv --misses    # list the titles missed
    .venv/bin/python training/eval_header.py --line-folds /tmp/folds
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks.datasets import FUNDUS, WCXB, fold_of  # noqa: E402
from benchmarks.datasets import load_page as load_dev_page  # noqa: E402
from benchmarks.scoring import (  # noqa: E402
    authors_match,
    normalize_title,
    page_ids,
    published_match,
    split_truth_authors,
    title_match,
)
from clipper.extract.header import title as th  # noqa: E402
from clipper.extract.header.page import _Page  # noqa: E402
from clipper.extract.header.reader import find_header  # noqa: E402
from clipper.extract.linemodel import model as lm_model  # noqa: E402
from clipper.extract.text import extract_text  # noqa: E402
from clipper.metadata.dates import parse_date_line  # noqa: E402
from clipper.models import CleanOptions  # noqa: E402


@dataclass
class Item:
    id: str
    domain: str
    text: str
    lines: list[str]
    truth: dict[str, str | None]
    url: str | None


@dataclass
class Tally:
    n: dict[str, int] = field(default_factory=dict)
    ok: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: bool | None) -> None:
        if value is None:
            return
        self.n[key] = self.n.get(key, 0) + 1
        self.ok[key] = self.ok.get(key, 0) + float(value)

    def rate(self, key: str) -> str:
        n = self.n.get(key, 0)
        return f"{self.ok.get(key, 0) / n:.3f} ({int(self.ok.get(key, 0))}/{n})" if n else "-"


def load_items(roots: Sequence[Path] = (WCXB, FUNDUS)) -> list[Item]:
    items = []
    for root in roots:
        for pid in page_ids(root):
            page = load_dev_page(pid, root)
            if not page.text:
                continue
            lines = [s for line in page.text.splitlines() if (s := line.strip())]
            truth = {k: page.truth.get(k) for k in ("title", "author", "publish_date")}
            truth["set"] = page.dataset
            truth["lang"] = page.language
            items.append(Item(pid, page.domain, page.text, lines, truth, page.url))
    return items


def _shown(item: Item) -> tuple[bool, bool, bool]:
    title = normalize_title(item.truth["title"])
    t = bool(title) and any(normalize_title(line) == title for line in item.lines)
    day = item.truth["publish_date"] or ""
    d = bool(day) and any(
        (p := parse_date_line(line)) is not None and p.value.startswith(day)
        for line in item.lines
        if len(line) <= 200
    )
    folded = item.text.casefold()
    names = split_truth_authors(item.truth["author"])
    a = bool(names) and any(n in folded for n in names)
    return t, d, a


def score(items: Sequence[Item], options: CleanOptions, tally: Tally, *, url: bool) -> None:
    for item in items:
        draft = extract_text(item.text, options, item.url if url else None)
        t_shown, d_shown, a_shown = _shown(item)
        t = title_match(item.truth["title"], draft.title)
        tally.add(f"title, {item.truth['set']}", t)
        tally.add(f"title shown, {item.truth['set']}", t if t_shown else None)
        tally.add(f"title shown, lang {item.truth['lang']}", t if t_shown else None)
        d = published_match(item.truth["publish_date"], draft.published)
        a = authors_match(item.truth["author"], draft.authors)
        tally.add("title", t)
        tally.add("title shown", t if t_shown else None)
        tally.add("published", d)
        tally.add("published shown", d if d_shown else None)
        tally.add("authors exact", None if a is None else a[0])
        tally.add("authors overlap", None if a is None else a[1])
        tally.add("authors exact shown", None if a is None or not a_shown else a[0])
        tally.add("authors overlap shown", None if a is None or not a_shown else a[1])


KEYS = (
    "title",
    "title shown",
    "title, wcxb",
    "title shown, wcxb",
    "title, fundus",
    "title shown, fundus",
    "published",
    "published shown",
    "authors exact",
    "authors overlap",
    "authors exact shown",
    "authors overlap shown",
)


def _print_misses(
    items: Sequence[Item], prepared: Sequence[tuple[list[str], list, int]], *, url: bool
) -> None:
    """Pages whose copy shows the title but the header reader (shipped weights) picked another
    line: the truth's line(s), the pick, the body start, and whether the truth was a candidate."""
    for item, (blocks, hits, first) in zip(items, prepared, strict=True):
        want = normalize_title(item.truth["title"])
        lines = [i for i, b in enumerate(blocks) if want and normalize_title(b) == want]
        if not lines:
            continue
        head = find_header(blocks, hits, first, item.url if url else None)
        if head.title is not None and normalize_title(blocks[head.title]) == want:
            continue
        cands, _ = th.title_candidates(_Page(blocks, hits, first))
        where = "candidate" if any(i in cands for i in lines) else "not a candidate"
        got = blocks[head.title] if head.title is not None else None
        print(f"{item.id} start={first} title at {lines} ({where}) picked {head.title}")
        print(f"    want {item.truth['title']!r}")
        print(f"    got  {got!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-cv", action="store_true", help="in-sample only")
    parser.add_argument(
        "--rules-body", action="store_true", help="body start from the rules (use_model=False)"
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the pages whose shown title was missed"
    )
    parser.add_argument(
        "--no-url",
        action="store_true",
        help="clean the copies without their URL (text alone: no slug to match the title by)",
    )
    parser.add_argument(
        "--line-folds",
        type=Path,
        default=None,
        help="per-fold line models (training/train_linemodel.py --save-folds DIR)",
    )
    args = parser.parse_args(argv)
    options = CleanOptions(use_model=not args.rules_body)
    items = load_items()

    inside = Tally()
    score(items, options, inside, url=not args.no_url)
    columns = [("in-sample", inside)]
    if not args.no_cv:
        import train_header

        cv = Tally()
        folds = [fold_of(i.domain) for i in items]
        examples: dict[str, train_header.Example] = {}
        shipped = th.title_ranker

        shipped_lm = lm_model.WEIGHTS
        try:
            for fold in range(train_header.FOLDS):
                if args.line_folds is not None:
                    train_header.use_line_model(args.line_folds / f"fold{fold}.npz")
                if args.line_folds is not None or not examples:
                    examples = {e.id: e for e in train_header.load_examples()}
                train = [examples[i.id] for i, f in zip(items, folds, strict=True) if f != fold]
                # Both rankers of the fold: a page whose URL has no slug gets the text one.
                rankers = {
                    url: th.Ranker.from_dict(train_header.fit(train, url=url))
                    for url in (False, True)
                }
                th.title_ranker = lambda url=False, r=rankers: r[url]  # type: ignore[misc]
                test = [i for i, f in zip(items, folds, strict=True) if f == fold]
                score(test, options, cv, url=not args.no_url)
        finally:
            th.title_ranker = shipped  # type: ignore[misc]
            train_header.use_line_model(shipped_lm)
        columns.append(("CV" + (", fold line models" if args.line_folds else ""), cv))

    print(
        f"pages={len(items)} body start from {'rules' if args.rules_body else 'default'}, "
        f"{'text alone' if args.no_url else 'with the URL'}"
    )
    print(f"{'':24s}" + "".join(f"{name:>22s}" for name, _ in columns))
    # Per language (fundus-dev's truth language, WCXB's <html lang>; "und" without one).
    langs = sorted(
        (k for k in inside.n if k.startswith("title shown, lang ")), key=lambda k: -inside.n[k]
    )
    for key in (*KEYS, *langs):
        print(f"{key:24s}" + "".join(f"{t.rate(key):>22s}" for _, t in columns))

    # The header step alone, on the body start extract_text gives it (the line model's first
    # prose line): CPU time, median of three rounds after a warm-up round.
    from train_header import body_start

    from clipper.rules import check_line

    prepared = []
    for item in items:
        hits = [check_line(b) for b in item.lines]
        prepared.append((item.lines, hits, body_start(item.lines, hits)))
    rounds = []
    for _ in range(4):
        start = time.process_time()
        for item, (blocks, hits, first) in zip(items, prepared, strict=True):
            find_header(blocks, hits, first, None if args.no_url else item.url)
        rounds.append((time.process_time() - start) / len(prepared) * 1000)
    print(
        f"find_header: {statistics.median(rounds[1:]):.3f} ms CPU per page "
        f"(median of 3 rounds: {', '.join(f'{r:.3f}' for r in rounds[1:])})"
    )
    if args.misses:
        _print_misses(items, prepared, url=not args.no_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
