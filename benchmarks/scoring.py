"""Scores for body text and metadata, and a loader for the WCXB dev articles dataset.

Body text is scored as in scrapinghub's article-extraction-benchmark (the metric the dataset's README
names): `\\w+` tokens, overlapping 4-gram shingle multisets, per-page TP/FP/FN normalised by their sum,
precision and recall averaged over pages, F1 the harmonic mean of the two averages. As in that
benchmark, a page whose prediction is empty has no precision (it is left out of the precision average)
and a page whose truth is empty has no recall; a text shorter than four tokens is one shingle of all
its tokens.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any
from urllib.parse import urlsplit

from benchmarks.datasets import WCXB as DATASET  # noqa: E402

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE_N = 4


# --------------------------------------------------------------------------------------- body text


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a shorter non-empty text is one shingle of all its tokens."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised true/false positive and false negative mass of one page (they sum to 1, or 0)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_body(truth: str | None, prediction: str | None) -> PageScore:
    """Shingle matching of one page, normalised so long pages do not weigh more."""
    true_sh = shingles(truth)
    pred_sh = shingles(prediction)
    tp = sum((true_sh & pred_sh).values())
    fp = sum((pred_sh - true_sh).values())
    fn = sum((true_sh - pred_sh).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class BodySummary:
    precision: float
    recall: float
    f1: float
    pages: int


def summarize_body(scores: Iterable[PageScore]) -> BodySummary:
    """Average precision and recall over the pages that have them; F1 of the two averages."""
    scores = list(scores)
    precisions = [p for s in scores if (p := s.precision) is not None]
    recalls = [r for s in scores if (r := s.recall) is not None]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return BodySummary(precision, recall, f1, len(scores))


# ---------------------------------------------------------------------------------------- metadata


def normalize_title(title: str | None) -> str:
    """Case-folded, NFKC, quotes and dashes unified, spacing collapsed."""
    text = unicodedata.normalize("NFKC", title or "")
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.casefold().split())


def title_match(truth: str | None, prediction: str | None) -> bool | None:
    """Exact match after normalising; None when the truth has no title (not scored)."""
    if not truth:
        return None
    return normalize_title(truth) == normalize_title(prediction)


# Credentials and role words that follow a name in the truth's author string ("Jane Doe, MD").
_CREDENTIALS = {
    "md", "m.d", "phd", "ph.d", "rn", "bsn", "msn", "dnp", "np", "pa", "pa-c", "do", "dds", "dmd",
    "mph", "ms", "msc", "ma", "mba", "mfa", "ba", "bs", "bsc", "jd", "esq", "cpa", "cfa", "cfp",
    "rd", "rdn", "ld", "ldn", "cde", "cdces", "lcsw", "lpc", "pharmd", "facs", "facp", "faap",
    "frcp", "cscs", "acsm", "cpt", "ibclc", "od", "dvm", "psyd", "edd", "mha", "mpa", "llm",
    "jr", "sr", "ii", "iii", "iv", "fand", "foma", "dabom", "faclm", "vmd", "dacvb", "dacvim",
    "lvt", "vts", "ryt", "e-ryt", "cnm", "fnp", "aprn", "crna", "chfc", "clu", "cepf",
    "ccc-slp", "lmft", "lmhc", "lcpc", "msw", "lmsw", "bcba", "cissp", "pmp", "fache", "frcpc",
}  # fmt: skip
# Honorifics before a name: pages and the truth print "Dr. Jane Doe" and "Jane Doe" for one person.
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx)\.?\s+(?=\S+\s)", re.IGNORECASE)
_SUFFIX = re.compile(r"(?<=\S) (?:jr|sr|ii|iii|iv)\.?$")
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b|\s\|\s)\s*", re.IGNORECASE)


def _norm_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"^\s*(?:by|written by|von|par|por)\s+", "", name, flags=re.IGNORECASE)
    name = _HONORIFIC.sub("", name.strip())
    name = " ".join(re.sub(r"[^\w\s'.-]", " ", name).casefold().split()).strip(" .")
    # "King Jr." and "King, Jr." are one name however the suffix is punctuated.
    return _SUFFIX.sub("", name)


def _is_credential(norm: str) -> bool:
    """ "md", "m.d. faclm", "e-ryt 200": post-nominal letters (with a level), not a person."""
    words = norm.split()
    return any(not w.isdigit() for w in words) and all(
        w.isdigit() or w in _CREDENTIALS or w.replace(".", "") in _CREDENTIALS for w in words
    )


def split_truth_authors(author: str | None) -> set[str]:
    """Normalised person names from the truth's one author string, credentials dropped."""
    if not author:
        return set()
    names = set()
    for part in _SPLIT_AUTHORS.split(author):
        norm = _norm_name(part)
        # "VTS (Behavior)": a credential with its speciality.
        bare = _norm_name(re.sub(r"\([^)]*\)\s*$", "", part))
        if not norm or _is_credential(norm) or (bare != norm and _is_credential(bare)):
            continue
        names.add(norm)
    return names


def normalize_authors(authors: Iterable[str]) -> set[str]:
    """Predicted names, normalised the same way (each may itself hold "A and B")."""
    out: set[str] = set()
    for author in authors:
        out |= split_truth_authors(author)
    return out


def authors_match(truth: str | None, prediction: Sequence[str]) -> tuple[bool, bool] | None:
    """(exact set, any overlap); None when the truth has no author (not scored)."""
    want = split_truth_authors(truth)
    if not want:
        return None
    got = normalize_authors(prediction)
    return want == got, bool(want & got)


def credits_kept(truth: Sequence[str] | None, kept: Sequence[str]) -> bool | None:
    """Is every agency or outlet the truth credits (fundus-dev: "dpa", "AFP", "DER SPIEGEL") kept
    somewhere in the record (`licensed_from`, `byline`, `publisher`)? None when it credits none."""
    if not truth:
        return None
    where = " ".join(re.sub(r"\W+", " ", k.casefold()) for k in kept)
    return all(
        any(f" {w} " in f" {where} " for w in re.sub(r"\W+", " ", c.casefold()).split())
        for c in truth
    )


def published_match(truth: str | None, prediction: str | None) -> bool | None:
    """Same day (or same month when the truth gives only a month); None when not scored."""
    if not truth:
        return None
    truth = truth.strip()
    if not prediction:
        return False
    return prediction.strip()[: len(truth)] == truth


# ----------------------------------------------------------------------------------------- dataset


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str | None
    html: bytes
    text: str
    truth: dict[str, Any]
    dataset: str = "wcxb"
    #: the registrable domain (benchmarks/datasets.py): the unit of every split and fold
    group: str = ""

    @property
    def body(self) -> str:
        return str(self.truth.get("main_content") or "")

    @property
    def domain(self) -> str:
        if self.group:
            return self.group
        host = urlsplit(self.url or "").hostname or ""
        return host.removeprefix("www.")

    @property
    def language(self) -> str:
        return str(self.truth.get("language") or "und")

    @property
    def half(self) -> str:
        """ "A" or "B": a stable split by domain, so both halves hold whole sites."""
        return "AB"[hashlib.sha256(self.domain.encode()).digest()[0] & 1]


def page_ids(root: Path = DATASET) -> list[str]:
    return sorted(p.name.removesuffix(".html.gz") for p in (root / "html").glob("*.html.gz"))


def load_page(page_id: str, root: Path = DATASET) -> Page:
    """One page of either dev set (WCXB or fundus-dev, told apart by the folder's layout),
    grouped by registrable domain: see benchmarks/datasets.py."""
    from benchmarks import datasets

    page: Page = datasets.load_page(page_id, root)
    return page


def load_pages(
    ids: Sequence[str] | None = None, *, limit: int | None = None, root: Path = DATASET
) -> Iterator[Page]:
    """The dataset's pages in id order (or the given ids), at most `limit` of them."""
    chosen = list(ids) if ids else page_ids(root)
    if limit is not None:
        chosen = chosen[:limit]
    for page_id in chosen:
        yield load_page(page_id, root)
