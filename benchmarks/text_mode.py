"""Copied-text mode of the quality benchmark: clipper on the dev copies (text/*.txt) vs the truth.

Side by side in one run: clipper (learned line model, the default; given the page's URL, as
`clean_text(text, url)` is), the same without the URL (the copy alone), clipper with the
rule-based fallback (`use_model=False`), the raw copy unchanged, and trafilatura run on the copy wrapped one
`<p>` per line. `benchmarks/quality.py --mode text` dispatches to SYSTEMS; run this file directly for
the same table plus clippings per second (single process, text pipeline only).

With `--cv-models DIR` (written by `training/train_linemodel.py --save-folds DIR`) each page is
cleaned with the line model of the cross-validation fold that did not see its site: the
site-disjoint figure for the whole pipeline, header included.

Example:
    .venv/bin/python benchmarks/text_mode.py
    .venv/bin/python benchmarks/text_mode.py --speed-only
    .venv/bin/python benchmarks/text_mode.py --stages       # CPU ms per clipping, by stage
    .venv/bin/python benchmarks/text_mode.py --limit 100 --worst 10
    .venv/bin/python benchmarks/text_mode.py --cv-models /tmp/folds
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, Page, load_page, page_ids  # noqa: E402

if TYPE_CHECKING:
    from benchmarks.quality import Prediction


def _prediction(**kwargs: object) -> Prediction:
    # Imported late: quality.py imports this module to build its text mode.
    from benchmarks.quality import Prediction

    return Prediction(**kwargs)  # type: ignore[arg-type]


def _clipper(page: Page, *, use_model: bool, url: bool = True) -> Prediction:
    from clipper import clean_text
    from clipper.errors import ClipperError
    from clipper.models import CleanOptions

    try:
        rec = clean_text(page.text, page.url if url else None, CleanOptions(use_model=use_model))
    except ClipperError as exc:
        return _prediction(error=exc.kind)
    return _prediction(
        text=rec.text, title=rec.title, authors=tuple(rec.authors), published=rec.published
    )


def clipper_text(page: Page) -> Prediction:
    return _clipper(page, use_model=True)


def clipper_text_rules(page: Page) -> Prediction:
    return _clipper(page, use_model=False)


def clipper_text_alone(page: Page) -> Prediction:
    """Without the page's URL (a copy that came alone: no slug to match the title by)."""
    return _clipper(page, use_model=True, url=False)


def raw_text(page: Page) -> Prediction:
    """The copy as it is: the floor any cleaner has to beat."""
    return _prediction(text=page.text)


def trafilatura_text(page: Page) -> Prediction:
    """trafilatura on the copy wrapped one <p> per line (the best HTML it can be given)."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    paras = "".join(
        f"<p>{html.escape(line.strip())}</p>\n" for line in page.text.splitlines() if line.strip()
    )
    doc = trafilatura.bare_extraction(
        f"<html><body>{paras}</body></html>", url=page.url, with_metadata=True
    )
    if doc is None:
        return _prediction()
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return _prediction(text=doc.text or "", title=doc.title, authors=authors, published=doc.date)


SYSTEMS: dict[str, Callable[[Page], Prediction]] = {
    "clipper": clipper_text,
    "clipper, no URL": clipper_text_alone,
    "clipper-rules": clipper_text_rules,
    "raw copy": raw_text,
    "trafilatura <p>": trafilatura_text,
}


def use_line_model(path: Path) -> None:
    """Make clipper's copied-text line model load its weights from `path` from now on."""
    from clipper.extract.linemodel import model as linemodel

    if linemodel.WEIGHTS != path:
        linemodel.WEIGHTS = path
        linemodel._model.cache_clear()


def throughput(
    pages: Sequence[Page], system: Callable[[Page], Prediction], rounds: int = 3
) -> float:
    """Clippings per second, single process, warm (the first page loads the model and tables):
    the median of `rounds` passes over the pages."""
    if not pages:
        return 0.0
    system(pages[0])
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            system(page)
        rates.append(len(pages) / (time.perf_counter() - start))
    return statistics.median(rates)


_STAGES = (
    ("line rules (check_lines)", "clipper.extract.text", "check_lines"),
    ("line model (select_body)", "clipper.extract.linemodel", "select_body"),
    ("header reader (find_header)", "clipper.extract.text", "find_header"),
    ("language detection", "clipper.extract.text", "detect"),
)


def stage_times(pages: Sequence[Page], rounds: int = 3) -> dict[str, float]:
    """CPU ms per clipping spent in each stage of `clean_text` (given the page's URL), the
    median of `rounds` passes after a warm-up; "the rest" is what the stages leave."""
    import importlib

    from clipper import clean_text

    texts = [(page.text, page.url) for page in pages if page.text.strip()]
    spent: dict[str, float] = {}
    saved = []
    for label, module_name, name in _STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        saved.append((module, name, original))

        def timed(*a: object, _f: Callable[..., object] = original, _k: str = label) -> object:
            start = time.process_time()
            try:
                return _f(*a)
            finally:
                spent[_k] = spent.get(_k, 0.0) + time.process_time() - start

        setattr(module, name, timed)
    try:
        for text, url in texts:
            clean_text(text, url)
        runs: list[dict[str, float]] = []
        for _ in range(rounds):
            spent.clear()
            start = time.process_time()
            for text, url in texts:
                clean_text(text, url)
            total = time.process_time() - start
            run = {k: v * 1000 / len(texts) for k, v in spent.items()}
            run["the rest"] = (total - sum(spent.values())) * 1000 / len(texts)
            run["total"] = total * 1000 / len(texts)
            runs.append(run)
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def clean_text_speed(pages: Sequence[Page], rounds: int = 3) -> tuple[float, float]:
    """`clean_text` alone over the copies (a warm-up pass first): the median clippings per
    second of `rounds` passes, by the wall clock and by this process's CPU time (the second
    holds steadier on a busy machine)."""
    from clipper import clean_text

    texts = [(page.text, page.url) for page in pages if page.text.strip()]
    if not texts:
        return 0.0, 0.0
    for text, url in texts:
        clean_text(text, url)
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text, url in texts:
            clean_text(text, url)
        wall.append(len(texts) / (time.perf_counter() - start))
        cpu.append(len(texts) / max(time.process_time() - start_cpu, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.quality import Tally, _table

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--ids", nargs="*", default=None, help="these page ids only")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages clipper does worst")
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    parser.add_argument(
        "--cv-models", type=Path, default=None, help="per-fold line models (site-disjoint run)"
    )
    parser.add_argument(
        "--speed-only",
        action="store_true",
        help="only time clean_text over the copies (warm-up pass, median of 3)",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="only time the stages of clean_text (CPU ms per clipping, median of 3)",
    )
    args = parser.parse_args(argv)
    from clipper.extract.linemodel import model as linemodel

    shipped = linemodel.WEIGHTS
    folds: dict[str, int] = {}
    if args.cv_models is not None:
        folds = json.loads((args.cv_models / "folds.json").read_text("utf-8"))

    ids = args.ids or page_ids(args.root)
    if args.limit is not None:
        ids = ids[: args.limit]
    pages = [load_page(i, args.root) for i in ids]
    if args.stages:
        for label, ms in stage_times(pages).items():
            print(f"{label:30s} {ms:6.3f} ms")
        return 0
    if args.speed_only:
        wall, cpu = clean_text_speed(pages)
        print(
            f"clean_text over {sum(1 for p in pages if p.text.strip())} copies, median of 3 "
            f"after a warm-up: {wall:.0f} clippings/s wall clock, {cpu:.0f} by CPU time"
        )
        return 0
    tallies = {h: {n: Tally() for n in SYSTEMS} for h in ("all", "A", "B")}
    worst: list[tuple[float, str]] = []
    for page in pages:
        if args.cv_models is not None:
            use_line_model(args.cv_models / f"fold{folds[page.id]}.npz")
        for name, system in SYSTEMS.items():
            pred = system(page)
            score = tallies["all"][name].add(page, pred)
            tallies[page.half][name].add(page, pred)
            if name == "clipper":
                worst.append((score.f1, page.id))
    use_line_model(shipped)
    models = "per-fold line models (site-disjoint)" if args.cv_models else "shipped line model"
    out = [f"mode=text pages={len(pages)}, {models}"]
    _table("All pages", tallies["all"], out)
    for half in ("A", "B"):
        if tallies[half]["clipper"].body:
            _table(f"Half {half} (split by domain)", tallies[half], out)
    rates = {n: throughput(pages, SYSTEMS[n]) for n in ("clipper", "clipper-rules")}
    out.append(
        "\nclippings/s (single process, clean_text only, median of 3): "
        + ", ".join(f"{n} {r:.0f}" for n, r in rates.items())
    )
    wall, cpu = clean_text_speed(pages)
    out.append(f"clean_text alone: {wall:.0f} clippings/s wall clock, {cpu:.0f} by CPU time")
    if args.worst:
        worst.sort()
        out.append(f"\nPages clipper does worst (F1, id): {worst[: args.worst]}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
