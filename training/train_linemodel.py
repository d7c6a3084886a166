"""Train the copied-text line model (clipper/extract/linemodel/) on both dev sets' copies.

Labels come from aligning each copy with its truth (training/labels.py): the WCXB dev copies and the
fundus-dev copies (multilingual news). The model is two small MLPs: stage 1 scores a line from its
own and its neighbours' features, stage 2 re-scores it from stage 1's probabilities around it.

The protocol (benchmarks/datasets.py): folds by registrable domain (`datasets.fold_of`, the same
folds as training/train_header.py), so no site is in both the training and the test side. Inside
each fold *everything* is refit on the training side only: stage 1, stage 2 (on out-of-fold stage-1
scores, 2-fold by domain inside the training side), the title model, and the selection cut-offs
(tuned on the training side's stage-2 scores from those out-of-fold stage-1 inputs). Cross-set: the same procedure trained on one
dev set and scored on the other, untouched. The shipped model is fitted on both sets, with the
cut-offs tuned on the CV scores. Prints CV (per set), cross-set and in-sample figures.

    .venv/bin/python training/train_linemodel.py            # CV + cross-set + final model
    .venv/bin/python training/train_linemodel.py --no-cv    # final model only
    .venv/bin/python training/train_linemodel.py --save-folds /tmp/folds   # + each fold's model
    # the same work split over processes (a busy machine):
    .venv/bin/python training/train_linemodel.py --folds 0 1 --save-folds /tmp/folds
    .venv/bin/python training/train_linemodel.py --folds 2 3 4 --save-folds /tmp/folds
    .venv/bin/python training/train_linemodel.py --cross-set
    .venv/bin/python training/train_linemodel.py --no-cv      # the shipped model
    .venv/bin/python training/train_linemodel.py --report /tmp/folds   # CV figures, folds.json
    .venv/bin/python training/train_linemodel.py --folds 0 --save-folds /tmp/f --title  # + title net

Figures come per dev set and per language. CV folds and cross-set runs fit no title net unless
--title (the pipeline does not use it); the shipped model always has one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

# A fixed epoch budget is the point (deterministic, fast); not converging fully is expected.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import N_FOLDS, fold_of  # noqa: E402
from benchmarks.scoring import PageScore, score_body, summarize_body  # noqa: E402
from clipper.extract import linemodel  # noqa: E402
from clipper.extract.linemodel import context as lm_context  # noqa: E402
from clipper.extract.linemodel import model as lm_model  # noqa: E402
from training.labels import Page, load_all  # noqa: E402

OUT = ROOT / "clipper" / "extract" / "data" / "linemodel.npz"
SEED = 0
HIDDEN = (32,)
EPOCHS = 30
DEFAULT_SELECTION = (0.35, 0.2, 0.8)  # used with --no-cv (what CV chose last)
WITH_TITLE = False  # --title: fit the title net in CV folds and cross-set runs too
LANGS: dict[tuple[str, str], list[PageScore]] | None = None  # evaluate() collects here when set


@dataclass
class Data:
    pages: list[Page]
    x: list[np.ndarray]  # per page: stage-1 features
    y: list[np.ndarray]  # per page: body labels
    t: list[np.ndarray]  # per page: title labels
    w: list[np.ndarray]  # per page: sample weights
    groups: np.ndarray  # per page: registrable domain
    aug: np.ndarray  # per page: True for a cropped copy made for training

    @property
    def sets(self) -> np.ndarray:
        return np.array([p.dataset for p in self.pages])


def crop(page: Page, rng: np.random.Generator) -> Page | None:
    """The page as someone who selected just the article would copy it: the body and its header,
    with a few lines either side, so the model also learns clippings without the site's menus."""
    body = [i for i, y in enumerate(page.labels) if y]
    if not body:
        return None
    first = min(body[0], page.title_line if page.title_line is not None else body[0])
    lo = max(0, first - int(rng.integers(0, 7)))
    hi = min(len(page.lines), body[-1] + 1 + int(rng.integers(0, 7)))
    if lo == 0 and hi == len(page.lines):
        return None
    title = page.title_line - lo if page.title_line is not None else None
    return Page(
        page.id + "~crop",
        page.domain,
        page.lines[lo:hi],
        page.truth,
        page.body,
        page.labels[lo:hi],
        page.matched[lo:hi],
        title if title is not None and 0 <= title < hi - lo else None,
        page.dataset,
        page.language,
    )


def build(pages: list[Page], augment: bool = True) -> Data:
    rng = np.random.default_rng(SEED)
    entries = [(p, False) for p in pages]
    if augment:
        entries += [(c, True) for p in pages if (c := crop(p, rng)) is not None]
    xs, ys, ts, ws = [], [], [], []
    for p, _ in entries:
        x = linemodel.context_features(linemodel.block_features(p.lines))
        y = np.array(p.labels, dtype=np.int64)
        t = np.zeros(len(p.lines), dtype=np.int64)
        if p.title_line is not None:
            t[p.title_line] = 1
        # Each page weighs the same in total; within it a line weighs by its words, as in the
        # shingle score, with a floor so short boilerplate lines still count.
        tokens = np.array([max(len(s.split()), 1) for s in p.lines], dtype=np.float64)
        w = np.sqrt(tokens)
        w = w / w.sum() * len(p.lines) if len(p.lines) else w
        xs.append(x)
        ys.append(y)
        ts.append(t)
        ws.append(w)
    groups = np.array([p.domain for p, _ in entries])
    aug = np.array([a for _, a in entries], dtype=bool)
    return Data([p for p, _ in entries], xs, ys, ts, ws, groups, aug)


def _mlp(seed: int = SEED) -> MLPClassifier:
    return MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        alpha=1e-3,
        batch_size=1024,
        learning_rate_init=3e-3,
        max_iter=EPOCHS,
        early_stopping=False,
        random_state=seed,
    )


@dataclass
class Net:
    scaler: StandardScaler
    mlp: MLPClassifier
    constant: np.ndarray  # per input column: True when it never varied in training

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        return self.mlp.predict_proba(self.scaler.transform(x))[:, 1]

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        scale = np.where(self.scaler.scale_ > 0, self.scaler.scale_, 1.0)
        out = {f"{prefix}mean": self.scaler.mean_, f"{prefix}scale": scale}
        for k, (w, b) in enumerate(zip(self.mlp.coefs_, self.mlp.intercepts_, strict=True)):
            if k == 0:
                # A feature that never varied in training kept its random initial weights:
                # zero them, or an unseen value would add noise.
                w = np.where((self.constant[:, None]), 0.0, w)
            out[f"{prefix}W{k}"] = w
            out[f"{prefix}b{k}"] = b
        return {k: np.asarray(v, dtype=np.float32) for k, v in out.items()}


def fit_net(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Net:
    scaler = StandardScaler().fit(x)
    constant = scaler.scale_ == 0
    scaler.scale_ = np.where(constant, 1.0, scaler.scale_)
    mlp = _mlp()
    # MLPClassifier takes sample weights from scikit-learn 1.7 on.
    mlp.fit(scaler.transform(x), y, sample_weight=w)
    return Net(scaler, mlp, constant)


def _cat(parts: list[np.ndarray], idx: np.ndarray) -> np.ndarray:
    return np.concatenate([parts[i] for i in idx])


def stage2_inputs(data: Data, idx: np.ndarray, p1: list[np.ndarray]) -> list[np.ndarray]:
    return [np.hstack([data.x[i], lm_context.stage2_features(p1[k])]) for k, i in enumerate(idx)]


@dataclass
class Model:
    s1: Net
    s2: Net
    title: Net | None  # None in CV folds and cross-set runs (see fit_model)

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p1 = self.s1(x)
        x2 = np.hstack([x, lm_context.stage2_features(p1)])
        return self.s2(x2), self.title(x2) if self.title is not None else np.zeros(0)


def fit_model(
    data: Data, idx: np.ndarray, with_title: bool = False
) -> tuple[Model, dict[int, tuple[np.ndarray, np.ndarray]]]:
    """Stage 1 on idx; stage 2 on stage-1 scores that are out-of-fold inside idx (by domain).
    Also gives the training side's own scores: stage 2 on those out-of-fold stage-1 inputs,
    what the selection cut-offs are tuned on (inside idx only). The title net (`score_title`,
    which the pipeline does not use: the header reader picks titles) is fitted only with
    `with_title` (the shipped model, or --title): a quarter of a fold's training time."""
    x = _cat(data.x, idx)
    y = _cat(data.y, idx)
    w = _cat(data.w, idx)
    s1 = fit_net(x, y, w)
    oof: list[np.ndarray] = [np.zeros(0)] * len(idx)
    inner = GroupKFold(n_splits=2)
    for tr, te in inner.split(idx, groups=data.groups[idx]):
        net = fit_net(_cat(data.x, idx[tr]), _cat(data.y, idx[tr]), _cat(data.w, idx[tr]))
        for k in te:
            oof[k] = net(data.x[idx[k]])
    inputs = stage2_inputs(data, idx, oof)
    x2 = np.vstack(inputs)
    s2 = fit_net(x2, y, w)
    title = fit_net(x2, _cat(data.t, idx), np.ones(len(y))) if with_title else None
    own = {int(i): (s2(inputs[k]), np.zeros(0)) for k, i in enumerate(idx)}
    return Model(s1, s2, title), own


def page_text(lines: list[str], keep: list[int]) -> str:
    return "\n\n".join(lines[i] for i in keep)


Selection = tuple[float, float, float]  # threshold, low, high (see linemodel.select_body)


def evaluate(
    data: Data,
    idx: np.ndarray,
    probs: dict[int, tuple[np.ndarray, np.ndarray]],
    sel: Selection | dict[int, Selection],
) -> dict[str, float]:
    """Scores of the pages `idx`; `sel` is one selection or each page's (its fold's)."""
    scores: list[PageScore] = []
    titles = []
    preds = []
    for i in idx:
        page = data.pages[i]
        p_body, p_title = probs[int(i)]
        s = sel[int(i)] if isinstance(sel, dict) else sel
        keep = linemodel.select_body(page.lines, list(p_body), threshold=s[0], low=s[1], high=s[2])
        scores.append(score_body(page.body, page_text(page.lines, keep)))
        preds.append(p_body >= s[0])
        if page.title_line is not None and len(p_title):
            titles.append(int(np.argmax(p_title)) == page.title_line)
    if LANGS is not None:
        for i, got in zip(idx, scores, strict=True):
            page = data.pages[i]
            LANGS.setdefault((page.dataset, page.language or "und"), []).append(got)
    summary = summarize_body(scores)
    y = np.concatenate([data.y[i] for i in idx]) if len(idx) else np.zeros(0)
    pred = np.concatenate(preds) if preds else np.zeros(0, dtype=bool)
    return {
        "f1": summary.f1,
        "precision": summary.precision,
        "recall": summary.recall,
        "line_acc": float((pred == y).mean()) if len(y) else 0.0,
        "title_line_acc": float(np.mean(titles)) if titles else 0.0,
        "pages": float(len(idx)),
    }


def _fmt(m: dict[str, float]) -> str:
    return (
        f"body F1 {m['f1']:.3f}  P {m['precision']:.3f}  R {m['recall']:.3f}  "
        f"line acc {m['line_acc']:.3f}  title line {m['title_line_acc']:.3f}  pages {int(m['pages'])}"
    )


def fit_and_tune(data: Data, idx: np.ndarray, with_title: bool = False) -> tuple[Model, Selection]:
    """The model fitted on `idx`, with the selection cut-offs tuned on `idx` alone: on its
    stage-2 scores from out-of-fold stage-1 inputs (nothing outside `idx` is seen)."""
    model, own = fit_model(data, idx, with_title)
    return model, tune_selection(data, own, idx)


def fold_ids(data: Data) -> np.ndarray:
    """Each entry's fold: by its registrable domain, as in every other script."""
    return np.array([fold_of(g) for g in data.groups])


def cross_validate(
    data: Data, save: Path | None = None, only: list[int] | None = None
) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], dict[int, Selection]]:
    """Out-of-fold scores and each page's fold's selection; with `save`, each fold's model and
    the page ids it was tested on."""
    probs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    sels: dict[int, Selection] = {}
    which = fold_ids(data)
    tested: dict[str, int] = {}
    for fold in range(N_FOLDS) if only is None else only:
        t0 = time.time()
        tr, te = np.flatnonzero(which != fold), np.flatnonzero(which == fold)
        model, sel = fit_and_tune(data, tr, WITH_TITLE)
        for i in te:
            probs[int(i)] = model.predict(data.x[i])
            sels[int(i)] = sel
            if not data.aug[i]:
                tested[data.pages[i].id] = fold
        if save is not None:
            write_model(model, sel, save / f"fold{fold}.npz")
            ids = sorted(data.pages[i].id for i in te if not data.aug[i])
            (save / f"fold{fold}_ids.json").write_text(json.dumps(ids), "utf-8")
        print(
            f"fold {fold}: {len(tr)} train / {len(te)} test copies, selection {sel} "
            f"({time.time() - t0:.0f}s)",
            flush=True,
        )
    if save is not None and only is None:
        (save / "folds.json").write_text(json.dumps(tested, sort_keys=True), "utf-8")
    return probs, sels


def report(data: Data, folder: Path) -> None:
    """The CV figures from fold models saved by separate `--folds` runs: each whole copy scored
    by the model (and cut-offs) of the fold that held its registrable domain out; writes the
    merged folds.json for benchmarks/text_mode.py --cv-models."""
    tested: dict[str, int] = {}
    for fold in range(N_FOLDS):
        for pid in json.loads((folder / f"fold{fold}_ids.json").read_text("utf-8")):
            tested[pid] = fold
    (folder / "folds.json").write_text(json.dumps(tested, sort_keys=True), "utf-8")
    shipped = lm_model.WEIGHTS
    scores: dict[str, list[PageScore]] = {"wcxb": [], "fundus": []}
    by_lang: dict[tuple[str, str], list[PageScore]] = {}
    try:
        for page in data.pages:
            if page.id not in tested or page.id.endswith("~crop"):
                continue
            path = folder / f"fold{tested[page.id]}.npz"
            if lm_model.WEIGHTS != path:
                lm_model.WEIGHTS = path
                lm_model._model.cache_clear()
            keep = linemodel.select_body(page.lines)
            got = score_body(page.body, page_text(page.lines, keep))
            scores[page.dataset].append(got)
            by_lang.setdefault((page.dataset, page.language or "und"), []).append(got)
    finally:
        lm_model.WEIGHTS = shipped
        lm_model._model.cache_clear()
    for name, got in scores.items():
        s = summarize_body(got)
        print(
            f"  {name} whole copies, CV (line model alone): body F1 {s.f1:.3f}  "
            f"P {s.precision:.3f}  R {s.recall:.3f}  pages {s.pages}"
        )
    print_languages(by_lang)


def print_languages(by_lang: dict[tuple[str, str], list[PageScore]]) -> None:
    """Body scores per set and language (the truth's language for fundus-dev, the page's
    `<html lang>` for WCXB), languages with 2 pages or more."""
    for (name, lang), got in sorted(by_lang.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        if len(got) < 2:
            continue
        s = summarize_body(got)
        print(
            f"    {name} {lang:4s} body F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  "
            f"pages {s.pages}"
        )


def cross_set(data: Data) -> None:
    """Trained (and tuned) on one dev set, scored on the other's whole copies."""
    sets = data.sets
    for train_set, test_set in (("wcxb", "fundus"), ("fundus", "wcxb")):
        tr = np.flatnonzero(sets == train_set)
        te = np.flatnonzero((sets == test_set) & ~data.aug)
        if not len(tr) or not len(te):
            continue
        model, sel = fit_and_tune(data, tr, WITH_TITLE)
        probs = {int(i): model.predict(data.x[i]) for i in te}
        global LANGS
        LANGS = {}
        print(
            f"cross-set, trained on {train_set}, scored on {test_set} (selection {sel}): "
            f"{_fmt(evaluate(data, te, probs, sel))}",
            flush=True,
        )
        print_languages(LANGS)
        LANGS = None


def write_model(model: Model, sel: Selection, path: Path) -> None:
    arrays: dict[str, np.ndarray] = {}
    arrays.update(model.s1.arrays("s1_"))
    arrays.update(model.s2.arrays("s2_"))
    if model.title is not None:
        arrays.update(model.title.arrays("t_"))
    arrays["threshold"] = np.array(sel[0], dtype=np.float32)
    arrays["low"] = np.array(sel[1], dtype=np.float32)
    arrays["high"] = np.array(sel[2], dtype=np.float32)
    arrays["feature_names"] = np.array(linemodel.FEATURE_NAMES)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)


def tune_selection(
    data: Data, probs: dict[int, tuple[np.ndarray, np.ndarray]], among: np.ndarray | None = None
) -> Selection:
    """The region threshold and the inside/outside cut-offs with the best F1 on the whole copies
    (of `among`, default all) scored by `probs` (out-of-fold scores)."""
    idx = np.flatnonzero(~data.aug)
    if among is not None:
        idx = np.intersect1d(idx, among)
    grid = [
        (t, lo, hi)
        for t in (0.3, 0.35, 0.4, 0.45, 0.5)
        for lo in (0.2, 0.3)
        for hi in (0.6, 0.8)
        if lo <= t < hi
    ]
    return max(grid, key=lambda sel: evaluate(data, idx, probs, sel)["f1"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument(
        "--save-folds",
        type=Path,
        default=None,
        help="write each CV fold's model here (for benchmarks/text_mode.py --cv-models)",
    )
    ap.add_argument(
        "--no-augment",
        action="store_true",
        help="train on whole copies only, without the cropped copies (article area only)",
    )
    ap.add_argument(
        "--folds", type=int, nargs="*", default=None, help="only these CV folds (with --save-folds)"
    )
    ap.add_argument("--cross-set", action="store_true", help="only the cross-set runs")
    ap.add_argument(
        "--report", type=Path, default=None, help="CV figures from fold models saved in this folder"
    )
    ap.add_argument(
        "--title", action="store_true", help="fit the title net in CV folds too (title line figure)"
    )
    args = ap.parse_args()
    global WITH_TITLE, LANGS
    WITH_TITLE = args.title

    t0 = time.time()
    pages = load_all()
    data = build(pages, augment=not args.no_augment)
    print(
        f"{len(pages)} pages ({sum(p.dataset == 'fundus' for p in pages)} fundus-dev), "
        f"{sum(len(p.lines) for p in pages)} lines, "
        f"{len(set(data.groups))} registrable domains, {int(data.aug.sum())} cropped copies, "
        f"features {data.x[0].shape[1]} ({time.time() - t0:.0f}s)",
        flush=True,
    )
    all_idx = np.arange(len(data.pages))
    orig_idx = np.flatnonzero(~data.aug)
    aug_idx = np.flatnonzero(data.aug)
    if args.report is not None:
        report(data, args.report)
        return
    if args.cross_set:
        cross_set(data)
        return
    if args.folds is not None:
        if args.save_folds is None:
            raise SystemExit("--folds needs --save-folds")
        args.save_folds.mkdir(parents=True, exist_ok=True)
        probs, sels = cross_validate(data, args.save_folds, args.folds)
        for name in ("wcxb", "fundus"):
            idx = np.intersect1d(np.fromiter(probs, int), np.flatnonzero(data.sets == name))
            idx = np.intersect1d(idx, orig_idx)
            print(
                f"  {name} whole copies of folds {args.folds}: {_fmt(evaluate(data, idx, probs, sels))}"
            )
        return
    sel: Selection = DEFAULT_SELECTION
    if not args.no_cv:
        if args.save_folds is not None:
            args.save_folds.mkdir(parents=True, exist_ok=True)
        probs, sels = cross_validate(data, args.save_folds)
        print(f"{N_FOLDS}-fold CV by registrable domain, selection tuned inside each fold:")
        LANGS = {}
        for name in ("wcxb", "fundus"):
            idx = np.intersect1d(orig_idx, np.flatnonzero(data.sets == name))
            print(f"  {name} whole copies, CV: {_fmt(evaluate(data, idx, probs, sels))}")
        print_languages(LANGS)
        LANGS = None
        print(f"  all whole copies, CV: {_fmt(evaluate(data, orig_idx, probs, sels))}")
        if len(aug_idx):
            print(f"  cropped copies, CV: {_fmt(evaluate(data, aug_idx, probs, sels))}")
        sel = tune_selection(data, probs)
        cross_set(data)
    if args.no_cv:
        # The cut-offs as inside each fold: on the training side's own stage-2 scores.
        model, sel = fit_and_tune(data, all_idx, with_title=True)
    else:
        model, _ = fit_model(data, all_idx, with_title=True)
    probs_in = {int(i): model.predict(data.x[i]) for i in all_idx}
    for name in ("wcxb", "fundus"):
        idx = np.intersect1d(orig_idx, np.flatnonzero(data.sets == name))
        print(f"in-sample, {name} (selection {sel}): {_fmt(evaluate(data, idx, probs_in, sel))}")

    write_model(model, sel, OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    # One BLAS thread: small MLPs train several times faster without thread contention, and the
    # results do not depend on the machine's core count.
    with threadpool_limits(limits=1):
        main()
