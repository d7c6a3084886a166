"""Quality of clipper against trafilatura on the WCXB dev articles, side by side in one run.

Example:
    .venv/bin/python benchmarks/quality.py                 # all 711 pages, html mode
    .venv/bin/python benchmarks/quality.py --limit 50 --jobs 2
    .venv/bin/python benchmarks/quality.py --ids 0001 0002 --worst 5
    .venv/bin/python benchmarks/quality.py --half A --jobs 2   # one half of the domain split

A mode is a dict of systems (name -> function of a Page giving a Prediction); MODES maps a mode
name to its systems, the first system being the one the others are compared against.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import (  # noqa: E402
    DATASET,
    Page,
    PageScore,
    authors_match,
    published_match,
    score_body,
    summarize_body,
    title_match,
)


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system made of one page."""

    text: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    error: str | None = None


System = Callable[[Page], Prediction]


def clipper_html(page: Page) -> Prediction:
    from clipper import clean_html
    from clipper.errors import ClipperError

    try:
        rec = clean_html(page.html, page.url)
    except ClipperError as exc:
        return Prediction(error=exc.kind)
    return Prediction(rec.text, rec.title, rec.authors, rec.published)


def trafilatura_html(page: Page) -> Prediction:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc: Any = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Prediction()
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Prediction(doc.text or "", doc.title, authors, doc.date)


MODES: dict[str, dict[str, System]] = {
    "html": {"clipper": clipper_html, "trafilatura": trafilatura_html},
}

# Copied text (text/*.txt): clipper, its rule-only picker, the raw copy, trafilatura on <p> lines.
from benchmarks import text_mode  # noqa: E402

MODES["text"] = text_mode.SYSTEMS


@dataclass(slots=True)
class Tally:
    """Per-page results of one system."""

    body: list[PageScore] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    authors_exact: list[bool] = field(default_factory=list)
    authors_any: list[bool] = field(default_factory=list)
    published: list[bool] = field(default_factory=list)
    errors: int = 0

    def add(self, page: Page, pred: Prediction) -> PageScore:
        score = score_body(page.body, pred.text)
        self.body.append(score)
        self.errors += pred.error is not None
        if (t := title_match(page.truth.get("title"), pred.title)) is not None:
            self.title.append(t)
        if (a := authors_match(page.truth.get("author"), pred.authors)) is not None:
            self.authors_exact.append(a[0])
            self.authors_any.append(a[1])
        if (d := published_match(page.truth.get("publish_date"), pred.published)) is not None:
            self.published.append(d)
        return score

    def row(self) -> dict[str, float]:
        body = summarize_body(self.body)
        return {
            "F1": body.f1,
            "P": body.precision,
            "R": body.recall,
            "title": mean(self.title) if self.title else 0.0,
            "auth=": mean(self.authors_exact) if self.authors_exact else 0.0,
            "auth~": mean(self.authors_any) if self.authors_any else 0.0,
            "date": mean(self.published) if self.published else 0.0,
        }


def _run_page(args: tuple[str, str, Path]) -> tuple[Page, dict[str, Prediction], dict[str, float]]:
    mode, page_id, root = args
    from benchmarks.scoring import load_page

    page = load_page(page_id, root)
    preds: dict[str, Prediction] = {}
    secs: dict[str, float] = {}
    for name, system in MODES[mode].items():
        start = time.perf_counter()
        preds[name] = system(page)
        secs[name] = time.perf_counter() - start
    return page, preds, secs


def _table(title: str, tallies: dict[str, Tally], out: list[str]) -> None:
    names = list(tallies)
    rows = {n: t.row() for n, t in tallies.items()}
    cols = list(next(iter(rows.values())))
    out.append(f"\n{title} ({len(next(iter(tallies.values())).body)} pages)\n")
    out.append("| system | " + " | ".join(cols) + " | errors |")
    out.append("|---|" + "---:|" * (len(cols) + 1))
    for n in names:
        out.append(
            f"| {n} | "
            + " | ".join(f"{rows[n][c]:.4f}" for c in cols)
            + f" | {tallies[n].errors} |"
        )
    base, other = names[0], names[1:]
    for o in other:
        out.append(
            f"| {base} − {o} | "
            + " | ".join(f"{rows[base][c] - rows[o][c]:+.4f}" for c in cols)
            + " | |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", default="html", choices=sorted(MODES))
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--ids", nargs="*", default=None, help="these page ids only")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages clipper does worst")
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    parser.add_argument("--dump", type=Path, default=None, help="write predictions as JSONL here")
    parser.add_argument(
        "--half",
        choices=("A", "B"),
        default=None,
        help="only the pages of this half of the domain split (each half holds whole sites)",
    )
    args = parser.parse_args(argv)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None

    from benchmarks.scoring import page_ids

    ids = args.ids or page_ids(args.root)
    if args.half is not None:
        from benchmarks.scoring import load_page

        ids = [i for i in ids if load_page(i, args.root).half == args.half]
    if args.limit is not None:
        ids = ids[: args.limit]
    systems = list(MODES[args.mode])
    tallies = {h: {n: Tally() for n in systems} for h in ("all", "A", "B")}
    secs = dict.fromkeys(systems, 0.0)
    per_page: list[tuple[float, str, str]] = []
    jobs = [(args.mode, i, args.root) for i in ids]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for page, preds, took in pool.map(_run_page, jobs, chunksize=4):
            scores = {}
            if dump is not None:
                for n in systems:
                    row = {"id": page.id, "system": n, **asdict(preds[n])}
                    dump.write(json.dumps(row, ensure_ascii=False) + "\n")
            for n in systems:
                scores[n] = tallies["all"][n].add(page, preds[n])
                tallies[page.half][n].add(page, preds[n])
                secs[n] += took[n]
            first, second = systems[0], systems[-1]
            per_page.append(
                (scores[first].f1 - scores[second].f1, page.id, f"{scores[first].f1:.3f}")
            )
    if dump is not None:
        dump.close()
    out = [f"mode={args.mode} pages={len(ids)} wall={time.perf_counter() - start:.1f}s"]
    out.append(
        "time per system (s, summed over pages): "
        + ", ".join(f"{n} {s:.1f}" for n, s in secs.items())
    )
    _table("All pages", tallies["all"], out)
    for half in ("A", "B"):
        if tallies[half][systems[0]].body:
            _table(f"Half {half} (split by domain)", tallies[half], out)
    if args.worst:
        per_page.sort()
        out.append(f"\nPages where {systems[0]} trails {systems[-1]} most (F1 difference, id, F1):")
        out.extend(f"  {d:+.3f} {i} {f}" for d, i, f in per_page[: args.worst])
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
