"""Train the copied-text title ranker (clipper/extract/data/header_title.json) on the WCXB dev copies.

Each page's candidate lines (header.title.title_candidates, a window around the body start that
extract_text uses: the line model's first prose line) are labelled by the truth title (normalised
exact match); pages whose title is not a candidate line are left out. Two conditional logits
(softmax over a page's candidates) on standardised features with an L2 penalty, fit by L-BFGS:
the prefilter on the cheap features over all candidates, then the full model on the lines the
prefilter keeps (what it sees at inference); deterministic. Site-disjoint cross-validation
(GroupKFold by domain) reports how often the top-ranked line is the title on unseen sites.

The page URL's slug is a feature (a line holding its words is likely the headline), but many
clippings come without a URL: two rankers are trained on the same pages, one with their URLs
(clipper/extract/data/header_title_url.json) and one without (the slug columns at 0), and the CV
reports both. (One ranker for both did worse without a URL: it leans on the slug.)

Example:
    .venv/bin/python training/train_header.py            # CV report, then write the weights
    .venv/bin/python training/train_header.py --cv-only
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
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, normalize_title, page_ids  # noqa: E402
from clipper.extract._prose import is_prose  # noqa: E402
from clipper.extract._slug import slug_words  # noqa: E402
from clipper.extract.header.page import _Page  # noqa: E402
from clipper.extract.header.title import (  # noqa: E402
    KEEP,
    N_CHEAP,
    TITLE_FEATURES,
    TITLE_MODEL,
    TITLE_URL_MODEL,
    Ranker,
    title_candidates,
)
from clipper.extract.linemodel.selection import select_body  # noqa: E402
from clipper.rules import Hit, check_line  # noqa: E402

L2 = 1.0
FOLDS = 5
_SLUG = [TITLE_FEATURES.index(name) for name in ("slug_cover", "slug_prec")]


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
    body = [i for i in select_body(blocks) if hits[i] is None]
    return next((i for i in body if is_prose(blocks[i])), body[0] if body else len(blocks))


def load_examples(root: Path = DATASET) -> list[Example]:
    from urllib.parse import urlsplit

    out: list[Example] = []
    for pid in page_ids(root):
        path = root / "text" / f"{pid}.txt"
        if not path.exists():
            continue
        data = json.loads((root / "truth" / f"{pid}.json").read_text("utf-8"))
        truth = data.get("ground_truth") or {}
        domain = (urlsplit(data.get("url") or "").hostname or "").removeprefix("www.")
        blocks = [s for line in path.read_text("utf-8").splitlines() if (s := line.strip())]
        hits = [check_line(b) for b in blocks]
        slug = slug_words(data.get("url"))
        cands, x = title_candidates(_Page(blocks, hits, body_start(blocks, hits), slug))
        want = normalize_title(truth.get("title"))
        labels = [k for k, i in enumerate(cands) if want and normalize_title(blocks[i]) == want]
        out.append(Example(pid, domain, cands, x, labels))
    return out


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
    """Rows the prefilter keeps, as at inference: the KEEP best by the cheap weights."""
    c = x[:, : len(cheap)] @ cheap
    return sorted(sorted(range(len(cands)), key=lambda k: (-c[k], cands[k]))[:KEEP])


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
    n = N_CHEAP
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
        "features": list(TITLE_FEATURES),
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
    ranker = Ranker.from_dict(model)
    right = shown = 0
    for e in examples:
        if e.labels:
            shown += 1
            x = e.x if url else without_url(e.x)
            # As at inference: the cheap scores keep KEEP lines, the full scores pick one.
            c = ranker.score_cheap(x)
            kept = sorted(range(len(e.cands)), key=lambda k: (-c[k], e.cands[k]))[:KEEP]
            s = ranker.score(x)
            best = min(kept, key=lambda k: (-s[k], e.cands[k]))
            right += best in e.labels
    return right, shown, len(examples)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="report CV, do not write weights")
    parser.add_argument("--out", type=Path, default=TITLE_MODEL, help="the text-alone ranker")
    parser.add_argument(
        "--out-url", type=Path, default=TITLE_URL_MODEL, help="the ranker for pages with a URL"
    )
    args = parser.parse_args(argv)

    examples = load_examples()
    groups = [e.domain for e in examples]
    right = {True: 0, False: 0}
    shown = 0
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(examples, groups=groups):
        for url in (True, False):
            model = fit([examples[i] for i in train_idx], url=url)
            r, s, _ = top1(model, [examples[i] for i in test_idx], url=url)
            right[url] += r
        shown += s
    n = len(examples)
    for url, out in ((False, args.out), (True, args.out_url)):
        model = fit(examples, url=url)
        label = "with URL" if url else "text alone"
        print(
            f"title ranker, {label}, site-disjoint {FOLDS}-fold CV: {right[url]}/{shown} where "
            f"shown ({right[url] / shown:.3f}), {right[url] / n:.3f} of all {n} pages"
        )
        r, s, _ = top1(model, examples, url=url)
        print(f"  in-sample: {r}/{s} where shown ({r / s:.3f}), {r / n:.3f} of all pages")
        if not args.cv_only:
            out.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
            print(f"  wrote {out}")
        weights = zip(TITLE_FEATURES, model["weights"], strict=True)
        for name, w in sorted(weights, key=lambda t: -abs(float(t[1])))[:12]:
            print(f"    {name:12s} {float(w):+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
