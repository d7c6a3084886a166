"""Copied-text mode of the quality benchmark: clipper on the dev copies (text/*.txt) vs the truth.

Side by side in one run: clipper (learned line model, the default; given the page's URL, as
`clean_text(text, url)` is), the same without the URL (the copy alone), clipper with the
rule-based fallback (`use_model=False`), the raw copy unchanged, and trafilatura run on the copy wrapped one
`<p>` per line. `benchmarks/quality.py --mode text` dispatches to SYSTEMS; run this file directly for
the same table plus clippings per second (single process, text pipeline only).

With `--cv-models DIR` (written by `training/train_linemodel.py --save-folds DIR` and
`training/train_header.py --save-folds DIR`) each page is cleaned with the line model, the
selection cut-offs and the title rankers of the fold that did not see its registrable domain:
the cross-validated figure for the whole pipeline, header included.

Example:
    .venv/bin/python benchmarks/text_mode.py
    .venv/bin/python benchmarks/text_mode.py --set both --cv-models /tmp/folds
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

from benchmarks.datasets import SETS  # noqa: E402
from benchmarks.scoring import Page, load_page, page_ids  # noqa: E402

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
        text=rec.text,
        title=rec.title,
        authors=tuple(rec.authors),
        published=rec.published,
        credits=tuple(v for v in (rec.licensed_from, rec.byline, rec.publisher) if v),
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


def use_title_rankers(folder: Path | None, fold: int | None = None) -> None:
    """Make the header reader's title rankers those of CV fold `fold` in `folder` (written by
    training/train_header.py --save-folds), or the shipped ones with `folder` None."""
    from clipper.extract.header import title

    if not hasattr(use_title_rankers, "shipped"):
        use_title_rankers.shipped = (title.TITLE_MODEL, title.TITLE_URL_MODEL)  # type: ignore[attr-defined]
    if folder is None:
        paths = use_title_rankers.shipped  # type: ignore[attr-defined]
    else:
        paths = (folder / f"header_title{fold}.json", folder / f"header_title_url{fold}.json")
        if not paths[0].exists():
            raise SystemExit(f"{paths[0]} is missing: run training/train_header.py --save-folds")
    if (title.TITLE_MODEL, title.TITLE_URL_MODEL) != paths:
        title.TITLE_MODEL, title.TITLE_URL_MODEL = paths
        title.title_ranker.cache_clear()


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
    from benchmarks.quality import Tally, _language_table, _table

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--ids", nargs="*", default=None, help="these page ids only")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages clipper does worst")
    parser.add_argument("--root", type=Path, default=None, help="dataset folder (default: --set)")
    parser.add_argument(
        "--set", choices=("wcxb", "fundus", "both"), default="wcxb", help="dev set(s) to score"
    )
    parser.add_argument(
        "--cv-models",
        type=Path,
        default=None,
        help="per-fold line models and title rankers (the cross-validated run)",
    )
    parser.add_argument(
        "--systems", nargs="*", default=None, help="only these systems (default: all)"
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the speed figures")
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

    if args.root is not None:
        roots = [args.root]
    else:
        roots = list(SETS.values()) if args.set == "both" else [SETS[args.set]]
    pages = []
    for root in roots:
        ids = args.ids or page_ids(root)
        if args.limit is not None:
            ids = ids[: args.limit]
        pages += [load_page(i, root) for i in ids]
    systems = {n: f for n, f in SYSTEMS.items() if not args.systems or n in args.systems}
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
    tallies: dict[str, dict[str, Tally]] = {}

    def tally(key: str) -> dict[str, Tally]:
        return tallies.setdefault(key, {n: Tally() for n in systems})

    worst: list[tuple[float, str]] = []
    # Each of clipper's errors, with the size of its copy: an error on a copy with text is a bug.
    failed: list[str] = []
    for page in pages:
        if args.cv_models is not None:
            use_line_model(args.cv_models / f"fold{folds[page.id]}.npz")
            use_title_rankers(args.cv_models, folds[page.id])
        for name, system in systems.items():
            pred = system(page)
            score = tally("all")[name].add(page, pred)
            for key in (page.half, f"set {page.dataset}", f"lang {page.language}"):
                tally(key)[name].add(page, pred)
            if name == "clipper":
                worst.append((score.f1, page.id))
                if pred.error is not None:
                    failed.append(f"{page.id} {pred.error} (copy: {len(page.text.strip())} chars)")
    use_line_model(shipped)
    if args.cv_models is not None:
        use_title_rankers(None)
    models = (
        "per-fold line models and title rankers (CV by registrable domain)"
        if args.cv_models
        else "shipped models (in-sample)"
    )
    out = [f"mode=text pages={len(pages)}, {models}"]
    _table("All pages", tally("all"), out)
    sets = sorted(k for k in tallies if k.startswith("set "))
    if len(sets) > 1:
        for key in sets:
            _table(f"Dev set {key[4:]}", tallies[key], out)
    elif len(roots) == 1:
        for half in ("A", "B"):
            if half in tallies:
                _table(f"Half {half} (split by registrable domain)", tallies[half], out)
    first = next(iter(systems))
    langs = sorted(
        (k for k in tallies if k.startswith("lang ")), key=lambda k: -len(tallies[k][first].body)
    )
    if len(langs) > 1:
        _language_table(langs, tallies, first, out)
    if failed:
        out.append("\nclipper's errors: " + "; ".join(failed))
    if not args.no_speed:
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
