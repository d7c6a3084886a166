"""Quality of clipper against trafilatura on the WCXB dev articles, side by side in one run.

Example:
    .venv/bin/python benchmarks/quality.py                 # all 711 WCXB pages, html mode
    .venv/bin/python benchmarks/quality.py --set both --jobs 2   # + fundus-dev, per set and language
    .venv/bin/python benchmarks/quality.py --mode text --set fundus --systems clipper
    .venv/bin/python benchmarks/quality.py --limit 50 --jobs 2
    .venv/bin/python benchmarks/quality.py --ids 0001 0002 --worst 5
    .venv/bin/python benchmarks/quality.py --half A --jobs 2   # one half of the domain split
    .venv/bin/python benchmarks/quality.py --set fundus --cross-set /tmp/cross  # model from WCXB only

Systems (html): clipper (as shipped: trafilatura with readability's rescue picks the body),
clipper-model (the block model picks it), trafilatura's bare_extraction with metadata.

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
    Page,
    PageScore,
    authors_match,
    credits_kept,
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
    #: where the record keeps an agency or outlet credit: credits, licensed_from, byline, publisher
    credits: tuple[str, ...] = ()


System = Callable[[Page], Prediction]


def clipper_html(page: Page) -> Prediction:
    from clipper import clean_html
    from clipper.errors import ClipperError

    try:
        rec = clean_html(page.html, page.url)
    except ClipperError as exc:
        return Prediction(error=exc.kind)
    return Prediction(rec.text, rec.title, rec.authors, rec.published, credits=_credit_fields(rec))


def _credit_fields(rec: Any) -> tuple[str, ...]:
    return (*rec.credits, *(v for v in (rec.licensed_from, rec.byline, rec.publisher) if v))


def clipper_model_html(page: Page) -> Prediction:
    """clipper with the block model picking the body (instead of its default, the rules
    picker: trafilatura and readability's rescue)."""
    from functools import partial

    import clipper.extract.html as extract

    original = extract.extract_html
    extract.extract_html = partial(original, picker="model")
    try:
        return clipper_html(page)
    finally:
        extract.extract_html = original


def trafilatura_html(page: Page) -> Prediction:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc: Any = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Prediction()
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Prediction(doc.text or "", doc.title, authors, doc.date)


MODES: dict[str, dict[str, System]] = {
    "html": {
        "clipper": clipper_html,
        "clipper-model": clipper_model_html,
        "trafilatura": trafilatura_html,
    },
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
    credits: list[bool] = field(default_factory=list)
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
        if (c := credits_kept(page.truth.get("credits"), pred.credits)) is not None:
            self.credits.append(c)
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
            "credit": mean(self.credits) if self.credits else 0.0,
        }


def _use_weights(path: Path | None) -> None:
    """Worker set-up: the block model's weights from `path` (a cross-set or fold model)."""
    if path is None:
        return
    from clipper.extract import blockmodel

    blockmodel.WEIGHTS = path
    blockmodel._weights.cache_clear()


def _run_page(
    args: tuple[str, str, Path, tuple[str, ...] | None],
) -> tuple[Page, dict[str, Prediction], dict[str, float]]:
    mode, page_id, root, only = args
    from benchmarks.scoring import load_page

    page = load_page(page_id, root)
    preds: dict[str, Prediction] = {}
    secs: dict[str, float] = {}
    for name, system in MODES[mode].items():
        if only is not None and name not in only:
            continue
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


def _language_table(
    langs: list[str], tallies: dict[str, dict[str, Tally]], system: str, out: list[str]
) -> None:
    """One row per language (the page's: fundus's truth, WCXB's `<html lang>`), one system."""
    cols = list(Tally().row())
    out.append(f"\nBy language, {system} (WCXB: the page's <html lang>; fundus: its truth)\n")
    out.append("| language | pages | " + " | ".join(cols) + " |")
    out.append("|---|---:|" + "---:|" * len(cols))
    for key in langs:
        t = tallies[key][system]
        row = t.row()
        out.append(
            f"| {key[5:]} | {len(t.body)} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", default="html", choices=sorted(MODES))
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--ids", nargs="*", default=None, help="these page ids only")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages clipper does worst")
    parser.add_argument("--root", type=Path, default=None, help="dataset folder (default: --set)")
    parser.add_argument(
        "--set",
        choices=("wcxb", "fundus", "both"),
        default="wcxb",
        help="dev set(s): WCXB dev articles, fundus-dev, or both (tables per set and language)",
    )
    parser.add_argument(
        "--systems", nargs="*", default=None, help="only these systems (the first is the baseline)"
    )
    parser.add_argument(
        "--weights", type=Path, default=None, help="block model weights instead of the shipped ones"
    )
    parser.add_argument(
        "--cross-set",
        type=Path,
        default=None,
        metavar="DIR",
        help="cross-set figures: the block model trained on the other dev set only,"
        " DIR/blockmodel-<other set>.npz (training/train_blockmodel.py --cross-set DIR)",
    )
    parser.add_argument("--dump", type=Path, default=None, help="write predictions as JSONL here")
    parser.add_argument(
        "--half",
        choices=("A", "B"),
        default=None,
        help="only the pages of this half of the domain split (each half holds whole sites)",
    )
    args = parser.parse_args(argv)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    if args.cross_set is not None:
        if args.set not in ("wcxb", "fundus"):
            parser.error("--cross-set needs --set wcxb or --set fundus")
        other = "fundus" if args.set == "wcxb" else "wcxb"
        args.weights = args.cross_set / f"blockmodel-{other}.npz"

    from benchmarks.datasets import SETS, page_ids

    if args.root is not None:
        roots = [args.root]
    else:
        roots = list(SETS.values()) if args.set == "both" else [SETS[args.set]]
    jobs: list[tuple[str, str, Path, tuple[str, ...] | None]] = []
    for root in roots:
        ids = args.ids or page_ids(root)
        if args.half is not None:
            from benchmarks.scoring import load_page

            ids = [i for i in ids if load_page(i, root).half == args.half]
        if args.limit is not None:
            ids = ids[: args.limit]
        jobs += [(args.mode, i, root, tuple(args.systems) if args.systems else None) for i in ids]
    systems = list(args.systems or MODES[args.mode])
    tallies: dict[str, dict[str, Tally]] = {}

    def tally(key: str) -> dict[str, Tally]:
        return tallies.setdefault(key, {n: Tally() for n in systems})

    secs = dict.fromkeys(systems, 0.0)
    per_page: list[tuple[float, str, str]] = []
    start = time.perf_counter()
    with ProcessPoolExecutor(
        max_workers=max(1, args.jobs), initializer=_use_weights, initargs=(args.weights,)
    ) as pool:
        for page, preds, took in pool.map(_run_page, jobs, chunksize=4):
            scores = {}
            if dump is not None:
                for n in systems:
                    row = {"id": page.id, "system": n, **asdict(preds[n])}
                    dump.write(json.dumps(row, ensure_ascii=False) + "\n")
            for n in systems:
                scores[n] = tally("all")[n].add(page, preds[n])
                tally(page.half)[n].add(page, preds[n])
                tally(f"set {page.dataset}")[n].add(page, preds[n])
                tally(f"lang {page.language}")[n].add(page, preds[n])
                secs[n] += took[n]
            first, second = systems[0], systems[-1]
            per_page.append(
                (scores[first].f1 - scores[second].f1, page.id, f"{scores[first].f1:.3f}")
            )
    if dump is not None:
        dump.close()
    out = [
        f"mode={args.mode} set={args.set} pages={len(jobs)} weights={args.weights or 'shipped'} "
        f"wall={time.perf_counter() - start:.1f}s"
    ]
    out.append(
        "time per system (s, summed over pages): "
        + ", ".join(f"{n} {s:.1f}" for n, s in secs.items())
    )
    _table("All pages", tally("all"), out)
    sets = sorted(k for k in tallies if k.startswith("set "))
    if len(sets) > 1:
        for key in sets:
            _table(f"Dev set {key[4:]}", tallies[key], out)
    if args.half is None and len(roots) == 1:
        for half in ("A", "B"):
            if tally(half)[systems[0]].body:
                _table(f"Half {half} (split by registrable domain)", tallies[half], out)
    langs = sorted(
        (k for k in tallies if k.startswith("lang ")),
        key=lambda k: -len(tallies[k][systems[0]].body),
    )
    if len(langs) > 1:
        _language_table(langs, tallies, systems[0], out)
    if args.worst:
        per_page.sort()
        out.append(f"\nPages where {systems[0]} trails {systems[-1]} most (F1 difference, id, F1):")
        out.extend(f"  {d:+.3f} {i} {f}" for d, i, f in per_page[: args.worst])
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
