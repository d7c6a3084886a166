"""A learned ranker over HTML title candidates, measured against the hand-written title rules.

Example:
    .venv/bin/python training/train_title_html.py              # CV and cross-set, both dev sets
    .venv/bin/python training/train_title_html.py --show 20    # and 20 pages where it and the rules differ

Issue 17 asks whether the HTML title choice can be learned so that it carries to sites nobody
tuned to. Each page's candidates are the distinct titles its sources give: the first h1s (as the
reader reads them: kicker and nested date left out, site name and pipe tail cut), the h1's whole
text, `og:title`, `twitter:title`, the JSON-LD headline and `<title>`, each raw and cleaned of the
site name and template tails. A candidate's features are language-agnostic: which sources give
it and how many agree, the h1 count, its length, whether it holds the site name or a separator,
whether another candidate is a prefix of it or it of another, and its word overlap with the rest.
A logistic regression scores candidates one by one (label: the candidate equals the truth title
after `scoring.normalize_title`); a page's title is its best-scored candidate.

Printed, per dev set: the oracle (some candidate is right), the rules as shipped (in-sample:
they were written looking at both sets), the ranker CV by registrable domain (five folds of
`datasets.fold_of`, fitted on both sets' other folds; also on the one set alone), and cross-set
(fitted on one set, scored on the other). `--with-rules` adds the rules' pick as a feature (then
nothing is cross-set: the rules saw both sets). Nothing is written: the ranker ships only if it
beats the rules' cross-set figures (docs/benchmarks.md § HTML metadata).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import pickle
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import lxml.html
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.datasets import FUNDUS, WCXB, fold_of, load_pages  # noqa: E402
from benchmarks.scoring import normalize_title  # noqa: E402
from clipper.metadata.html import read_html_metadata  # noqa: E402
from clipper.metadata.html.common import _H1_XPATH, _el_text, _first, _text, _unescape  # noqa: E402
from clipper.metadata.html.jsonld import _read_jsonld  # noqa: E402
from clipper.metadata.html.meta_tags import _read_meta  # noqa: E402
from clipper.metadata.html.publisher import _site_name  # noqa: E402
from clipper.metadata.html.title import (  # noqa: E402
    _TITLE_XPATH,
    _headline_text,
    _in_breadcrumb,
)
from clipper.metadata.title import (  # noqa: E402
    cut_pipe_tail,
    repair_mojibake,
    strip_generic_suffix,
    strip_label_prefix,
    strip_site_suffix,
)

SOURCES = ("h1", "h1_other", "h1_whole", "og", "twitter", "ld", "title")
_SEP = re.compile(r"\s[-–—|｜·•»:]\s|\s[|｜]|[|｜]\s")
_WORD = re.compile(r"\w+")


def _clean(text: str, site: str | None, url: str | None) -> str:
    return strip_generic_suffix(strip_site_suffix(text, site, url))


def page_candidates(html_bytes: bytes, url: str | None) -> dict[str, Any]:
    """The page's title candidates: {key: {"text", "sources": set, "raw": set}} and page facts."""
    tree = lxml.html.fromstring(html_bytes.decode("utf-8", errors="replace"))
    rules = read_html_metadata(tree, url).title
    ld = _read_jsonld(tree)
    meta = _read_meta(tree)
    site = _site_name(_first(meta, ("og:site_name",)) or ld.site_name)
    cands: dict[str, dict[str, Any]] = {}

    def add(text: str | None, source: str, raw: bool) -> None:
        text = repair_mojibake(_unescape(text or "")).strip()
        if not text or len(text) > 400:
            return
        key = normalize_title(text)
        c = cands.setdefault(key, {"text": text, "sources": set(), "raw": set()})
        (c["raw"] if raw else c["sources"]).add(source)

    def both(text: str | None, source: str) -> None:
        if text:
            add(text, source, True)
            add(_clean(text, site, url), source, False)

    h1s = list(_H1_XPATH(tree))
    for n, h in enumerate(h1s[:3]):
        src = "h1" if n == 0 else "h1_other"
        text = repair_mojibake(_headline_text(h))
        add(text, src, True)
        add(strip_label_prefix(cut_pipe_tail(strip_site_suffix(text, site, url))), src, False)
        if n == 0:
            add(_el_text(h), "h1_whole", True)
    for key, src in (("og:title", "og"), ("twitter:title", "twitter")):
        for v in meta.get(key, [])[:1]:
            both(v, src)
    if ld.article is not None:
        for key in ("headline", "name"):
            if v := _text(ld.article.get(key)):
                both(v, "ld")
                break
    for t in _TITLE_XPATH(tree)[:1]:
        both(_el_text(t), "title")
    if rules:
        add(rules, "rules", False)
    return {
        "cands": cands,
        "rules": normalize_title(rules),
        "n_h1": len(h1s),
        "crumb": bool(h1s) and _in_breadcrumb(h1s[0]),
        "site": normalize_title(site),
    }


def features(page: dict[str, Any], with_rules: bool) -> tuple[list[str], np.ndarray]:
    """One row per candidate (keys in a stable order)."""
    keys = sorted(page["cands"])
    rows = []
    words_of = {k: set(_WORD.findall(k)) for k in keys}
    for k in keys:
        c = page["cands"][k]
        srcs = c["sources"] | c["raw"]
        others = [o for o in keys if o != k]
        f = [1.0 if s in c["sources"] else 0.0 for s in SOURCES]
        f += [1.0 if s in c["raw"] and s not in c["sources"] else 0.0 for s in SOURCES]
        n_src = len(srcs - {"rules"})
        f.append(n_src / 4)
        f.append(1.0 if n_src >= 2 else 0.0)
        f.append(min(page["n_h1"], 6) / 6)
        f.append(1.0 if page["crumb"] else 0.0)
        f.append(math.log1p(len(k)) / 6)
        f.append(math.log1p(len(words_of[k])) / 4)
        f.append(1.0 if page["site"] and page["site"] in k else 0.0)
        f.append(1.0 if _SEP.search(k) else 0.0)
        f.append(1.0 if any(o.startswith(k) and o != k for o in others) else 0.0)
        f.append(1.0 if any(k.startswith(o) and o != k for o in others) else 0.0)
        f.append(1.0 if any(o in k and o != k for o in others) else 0.0)
        f.append(1.0 if c["text"].isupper() else 0.0)
        share = [len(words_of[k] & words_of[o]) / max(1, len(words_of[k])) for o in others]
        f.append(max(share, default=0.0))
        f.append(sum(share) / max(1, len(share)))
        longest = max(len(o) for o in keys)
        f.append(len(k) / max(1, longest))
        is_h1 = "h1" in srcs
        # The h1 agreeing with a metadata source, or one of them a prefix of the other.
        meta_keys = [
            o for o in others if page["cands"][o]["sources"] & {"og", "twitter", "ld", "title"}
        ]
        f.append(
            1.0 if is_h1 and any(o.startswith(k) or k.startswith(o) for o in meta_keys) else 0.0
        )
        f.append(1.0 if is_h1 and len(words_of[k]) >= 2 and page["n_h1"] <= 2 else 0.0)
        f.append(1.0 if not page["n_h1"] else 0.0)
        if with_rules:
            f.append(1.0 if k == page["rules"] else 0.0)
        rows.append(f)
    return keys, np.array(rows, dtype=float)


def load(cache: Path) -> list[dict[str, Any]]:
    """Every page's candidates; cached under a name keyed by the digest of this script and of
    clipper's metadata reader, so a changed reader is read again."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve()
    for f in [here, *sorted((here.parent.parent / "clipper" / "metadata").rglob("*.py"))]:
        digest.update(f.read_bytes())
    cache = cache.with_name(f"{cache.stem}-{digest.hexdigest()[:12]}{cache.suffix}")
    if cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    pages = []
    for root in (WCXB, FUNDUS):
        for p in load_pages(root):
            d = page_candidates(p.html, p.url)
            d.update(
                id=p.id, set=p.dataset, group=p.domain, truth=normalize_title(p.truth.get("title"))
            )
            pages.append(d)
    with cache.open("wb") as fh:
        pickle.dump(pages, fh)
    return pages


MODEL = "logistic"


def fit(pages: Sequence[dict[str, Any]], with_rules: bool) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for p in pages:
        keys, x = features(p, with_rules)
        if not keys or not p["truth"]:
            continue
        xs.append(x)
        ys += [k == p["truth"] for k in keys]
    model: Any = LogisticRegression(C=1.0, max_iter=2000)
    if MODEL == "trees":
        model = HistGradientBoostingClassifier(
            max_depth=3, max_iter=100, learning_rate=0.1, random_state=0
        )
    model.fit(np.vstack(xs), np.array(ys))
    return model


def pick(model: Any, page: dict[str, Any], with_rules: bool) -> str:
    keys, x = features(page, with_rules)
    if not keys:
        return ""
    return keys[int(np.argmax(model.predict_proba(x)[:, 1]))]


def score(picks: dict[str, str], pages: Sequence[dict[str, Any]]) -> tuple[float, int]:
    scored = [p for p in pages if p["truth"]]
    right = sum(picks.get(p["id"] + p["set"]) == p["truth"] for p in scored)
    return right / max(1, len(scored)), len(scored)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--with-rules", action="store_true", help="the rules' pick as a feature")
    ap.add_argument(
        "--show", type=int, default=0, help="list N pages where ranker and rules differ"
    )
    ap.add_argument(
        "--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "title_html.pkl"
    )
    ap.add_argument("--model", choices=("logistic", "trees"), default="logistic")
    args = ap.parse_args()
    global MODEL
    MODEL = args.model
    pages = load(args.cache)
    sets = {s: [p for p in pages if p["set"] == s and p["truth"]] for s in ("wcxb", "fundus")}
    wr = args.with_rules

    def uid(p: dict[str, Any]) -> str:
        return str(p["id"]) + str(p["set"])

    rows: list[tuple[str, str, float, float]] = []
    oracle = {s: sum(p["truth"] in p["cands"] for p in ps) / len(ps) for s, ps in sets.items()}
    rules = {s: score({uid(p): p["rules"] for p in ps}, ps)[0] for s, ps in sets.items()}
    # CV by registrable domain, fitted on both sets' other folds, and on the set's own folds.
    cv_both: dict[str, str] = {}
    cv_own: dict[str, str] = {}
    for k in range(5):
        train = [p for p in pages if fold_of(p["group"]) != k]
        test = [p for p in pages if fold_of(p["group"]) == k]
        m = fit(train, wr)
        cv_both.update({uid(p): pick(m, p, wr) for p in test})
        for s in sets:
            m = fit([p for p in train if p["set"] == s], wr)
            cv_own.update({uid(p): pick(m, p, wr) for p in test if p["set"] == s})
    cross: dict[str, str] = {}
    for s, other in (("wcxb", "fundus"), ("fundus", "wcxb")):
        m = fit(sets[other], wr)
        cross.update({uid(p): pick(m, p, wr) for p in sets[s]})
    for s, ps in sets.items():
        rows.append((s, "oracle (a candidate is right)", oracle[s], len(ps)))
        rows.append((s, "rules as shipped (in-sample)", rules[s], len(ps)))
        rows.append((s, "ranker CV, both sets", score(cv_both, ps)[0], len(ps)))
        rows.append((s, "ranker CV, own set", score(cv_own, ps)[0], len(ps)))
        rows.append((s, "ranker cross-set", score(cross, ps)[0], len(ps)))
    print(f"features: {'with' if wr else 'without'} the rules' pick")
    print(f"{'set':<8} {'what':<32} {'title':>7} {'pages':>6}")
    for s, what, v, n in rows:
        print(f"{s:<8} {what:<32} {v:>7.4f} {n:>6}")
    if args.show:
        shown = 0
        for p in pages:
            if not p["truth"] or cv_both.get(uid(p)) == p["rules"]:
                continue
            print(
                f"{p['set']} {p['id']}\n  truth={p['truth']!r}\n  rules={p['rules']!r}"
                f"\n  cv   ={cv_both.get(uid(p))!r}"
            )
            shown += 1
            if shown >= args.show:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
