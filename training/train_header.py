"""Train the copied-text title ranker (clipper/extract/data/header_title.json) on both dev sets' copies.

Both dev sets (WCXB dev articles and fundus-dev, benchmarks/datasets.py). fundus's truth title is
its parser's, often the og:title rather than the headline shown: a page whose truth title is no
line of its copy gives no training example (its candidates have no label).

Each page's candidate lines (header.title.title_candidates, a window around the body start that
extract_text uses: the line model's first prose line) are labelled by the truth title (normalised
exact match); pages whose title is not a candidate line are left out. Two conditional logits
(softmax over a page's candidates) on standardised features with an L2 penalty, fit by L-BFGS:
the prefilter on the cheap features over all candidates, then the full model on the lines the
prefilter keeps (what it sees at inference); deterministic. Cross-validation by registrable domain
(`datasets.fold_of`, the line model's folds) reports how often the top-ranked line is the title on
unseen sites. With `--line-folds DIR` (training/train_linemodel.py --save-folds DIR) each fold's
candidates come from that fold's line model, which never saw the fold's sites (without it they come
from the shipped line model, trained on every page: optimistic), and `--save-folds` writes each
fold's two rankers there for benchmarks/text_mode.py --cv-models.

The page URL's slug is a feature (a line holding its words is likely the headline), but many
clippings come without a URL: two rankers are trained on the same pages, one with their URLs
(clipper/extract/data/header_title_url.json) and one without (the slug columns at 0), and the CV
reports both. (One ranker for both did worse without a URL: it leans on the slug.)

Example:
    .venv/bin/python training/train_header.py            # CV report, then write the weights
    .venv/bin/python training/train_header.py --cv-only
    .venv/bin/python training/train_header.py --line-folds /tmp/folds --save-folds
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.datasets import FUNDUS, N_FOLDS, WCXB, fold_of, registrable_domain  # noqa: E402
from benchmarks.scoring import normalize_title, page_ids  # noqa: E402
from clipper.extract import linemodel  # noqa: E402
from clipper.extract._prose import is_prose  # noqa: E402
from clipper.extract._slug import slug_words  # noqa: E402
from clipper.extract.header import title as th  # noqa: E402
from clipper.extract.header.page import _Page  # noqa: E402
from clipper.extract.linemodel import model as lm_model  # noqa: E402
from clipper.rules import Hit, check_line  # noqa: E402

L2 = 1.0
FOLDS = N_FOLDS
_SLUG = [th.TITLE_FEATURES.index(name) for name in ("slug_cover", "slug_prec")]


def without_url(x: np.ndarray) -> np.ndarray:
    """The rows as they are when the clipping comes without a URL."""
    out = x.copy()
    out[:, _SLUG] = 0.0
    return out


@dataclass
class Example:
    id: str
    domain: str
    cands: list[int]
    x: np.ndarray  # features with the page's URL known
    labels: list[int]  # indices into cands of lines that read as the title (a title may repeat)


def body_start(blocks: list[str], hits: list[Hit | None]) -> int:
    """Where extract_text starts the header reader: the first prose line the line model keeps
    (the ranker is trained on the body starts it sees at inference)."""
    body = [i for i in linemodel.select_body(blocks) if hits[i] is None]
    return next((i for i in body if is_prose(blocks[i])), body[0] if body else len(blocks))


def load_examples(roots: Sequence[Path] = (WCXB, FUNDUS)) -> list[Example]:
    """Every copy's candidates and labels, with the line model `lm_model.WEIGHTS` names."""
    out: list[Example] = []
    for root in roots:
        for pid in page_ids(root):
            path = root / "text" / f"{pid}.txt"
            if not path.exists():
                continue
            data = json.loads((root / "truth" / f"{pid}.json").read_text("utf-8"))
            truth = data.get("ground_truth") or data  # WCXB nests it; fundus does not
            domain = registrable_domain(data.get("url"))
            blocks = [s for line in path.read_text("utf-8").splitlines() if (s := line.strip())]
            hits = [check_line(b) for b in blocks]
            slug = slug_words(data.get("url"))
            cands, x = th.title_candidates(_Page(blocks, hits, body_start(blocks, hits), slug))
            want = normalize_title(truth.get("title"))
            labels = [k for k, i in enumerate(cands) if want and normalize_title(blocks[i]) == want]
            out.append(Example(pid, domain, cands, x, labels))
    return out


def use_line_model(path: Path) -> None:
    if lm_model.WEIGHTS != path:
        lm_model.WEIGHTS = path
        lm_model._model.cache_clear()


def _objective(
    w: np.ndarray, xs: list[np.ndarray], ys: list[list[int]]
) -> tuple[float, np.ndarray]:
    # Softmax over a page's candidates; the page is right when any title line wins, so the
    # likelihood is the probability mass on all of them.
    loss = 0.5 * L2 * float(w @ w)
    grad = L2 * w.copy()
    for x, y in zip(xs, ys, strict=True):
        s = x @ w
        s = s - s.max()
        e = np.exp(s)
        p = e / e.sum()
        q = np.zeros_like(p)
        q[y] = p[y] / p[y].sum()
        loss -= float(np.log(e[y].sum()) - np.log(e.sum()))
        grad += x.T @ (p - q)
    return loss, grad


def _kept(cheap: np.ndarray, x: np.ndarray, cands: list[int]) -> list[int]:
    """Rows the prefilter keeps, as at inference: the th.KEEP best by the cheap weights."""
    c = x[:, : len(cheap)] @ cheap
    return sorted(sorted(range(len(cands)), key=lambda k: (-c[k], cands[k]))[: th.KEEP])


def fit(train: Sequence[Example], *, url: bool = False) -> dict[str, Any]:
    """The ranker for clippings with their URL (`url`) or without."""
    usable = [
        Example(e.id, e.domain, e.cands, e.x if url else without_url(e.x), e.labels)
        for e in train
        if e.labels
    ]
    allx = np.vstack([e.x for e in usable])
    mean = allx.mean(axis=0)
    scale = allx.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = [(e.x - mean) / scale for e in usable]
    ys = [e.labels for e in usable]
    opts = {"maxiter": 500}
    # The prefilter first: the objective on the cheap features alone, over every candidate.
    n = th.N_CHEAP
    cheap = minimize(
        _objective,
        np.zeros(n),
        args=([x[:, :n] for x in xs], ys),
        jac=True,
        method="L-BFGS-B",
        options=opts,
    )
    # The full model sees only the lines the prefilter keeps, so it is trained on those: the
    # hard cases (a kicker, a dek, the first subhead) rather than the menu lines.
    kx: list[np.ndarray] = []
    ky: list[list[int]] = []
    for x, y, e in zip(xs, ys, usable, strict=True):
        kept = _kept(cheap.x, x, e.cands)
        labels = [r for r, k in enumerate(kept) if k in y]
        if labels:
            kx.append(x[kept])
            ky.append(labels)
    res = minimize(
        _objective,
        np.zeros(allx.shape[1]),
        args=(kx, ky),
        jac=True,
        method="L-BFGS-B",
        options=opts,
    )
    return {
        "features": list(th.TITLE_FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in res.x],
        "cheap_weights": [round(float(v), 6) for v in cheap.x],
    }


def top1(
    model: dict[str, Any], examples: Sequence[Example], *, url: bool = True
) -> tuple[int, int, int]:
    """(right, shown, pages): right picks, pages whose title is a candidate, all pages; `url`
    False scores the pages as clippings without their URL."""
    ranker = th.Ranker.from_dict(model)
    right = shown = 0
    for e in examples:
        if e.labels:
            shown += 1
            x = e.x if url else without_url(e.x)
            # As at inference: the cheap scores keep th.KEEP lines, the full scores pick one.
            c = ranker.score_cheap(x)
            kept = sorted(range(len(e.cands)), key=lambda k: (-c[k], e.cands[k]))[: th.KEEP]
            s = ranker.score(x)
            best = min(kept, key=lambda k: (-s[k], e.cands[k]))
            right += best in e.labels
    return right, shown, len(examples)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="report CV, do not write weights")
    parser.add_argument("--out", type=Path, default=th.TITLE_MODEL, help="the text-alone ranker")
    parser.add_argument(
        "--out-url", type=Path, default=th.TITLE_URL_MODEL, help="the ranker for pages with a URL"
    )
    parser.add_argument(
        "--line-folds",
        type=Path,
        default=None,
        help="per-fold line models (training/train_linemodel.py --save-folds DIR)",
    )
    parser.add_argument(
        "--save-folds",
        action="store_true",
        help="write each fold's rankers into --line-folds (for text_mode.py --cv-models)",
    )
    args = parser.parse_args(argv)

    examples = load_examples()
    folds = [fold_of(e.domain) for e in examples]
    right = {True: 0, False: 0}
    shown = 0
    shipped = lm_model.WEIGHTS
    for fold in range(FOLDS):
        fold_examples = examples
        if args.line_folds is not None:
            # The candidates as the fold's line model (blind to the fold's sites) gives them.
            use_line_model(args.line_folds / f"fold{fold}.npz")
            fold_examples = load_examples()
        train = [e for e, f in zip(fold_examples, folds, strict=True) if f != fold]
        test = [e for e, f in zip(fold_examples, folds, strict=True) if f == fold]
        for url in (True, False):
            model = fit(train, url=url)
            r, s, _ = top1(model, test, url=url)
            right[url] += r
            if args.save_folds and args.line_folds is not None:
                name = f"header_title_url{fold}.json" if url else f"header_title{fold}.json"
                (args.line_folds / name).write_text(json.dumps(model, indent=1) + "\n", "utf-8")
        shown += s
    use_line_model(shipped)
    n = len(examples)
    for url, out in ((False, args.out), (True, args.out_url)):
        model = fit(examples, url=url)
        label = "with URL" if url else "text alone"
        where = "fold line models" if args.line_folds else "shipped line model"
        print(
            f"title ranker, {label}, {FOLDS}-fold CV by registrable domain (candidates from the "
            f"{where}): {right[url]}/{shown} where "
            f"shown ({right[url] / shown:.3f}), {right[url] / n:.3f} of all {n} pages"
        )
        r, s, _ = top1(model, examples, url=url)
        print(f"  in-sample: {r}/{s} where shown ({r / s:.3f}), {r / n:.3f} of all pages")
        if not args.cv_only:
            out.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
            print(f"  wrote {out}")
        weights = zip(th.TITLE_FEATURES, model["weights"], strict=True)
        for name, w in sorted(weights, key=lambda t: -abs(float(t[1])))[:12]:
            print(f"    {name:12s} {float(w):+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
