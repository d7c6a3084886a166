"""The two dev sets (WCXB dev articles, fundus-dev) as one kind of page, grouped by registrable domain.

Every benchmark and training script loads pages here, so both sets are read by the same rules:

- WCXB dev articles (`../shared/datasets/wcxb-dev-articles`): the truth's `main_content`, `title`,
  `author` (one string), `publish_date` (a day).
- fundus-dev (`../shared/datasets/fundus-dev`, see its README): body = `body_paragraphs` joined by
  a blank line; `title` is the publisher parser's title (often `og:title`, not the visible `<h1>`);
  `authors` mixes people with agencies, outlets and desks, which are scored apart (`credits`);
  `published` is an instant with its UTC offset.

Pages are grouped by registrable domain (the ICANN part of the public-suffix list, the snapshot
bundled with `tldextract`, never fetched): `news.bbc.co.uk` and `www.bbc.co.uk` are one group, and
so are all `*.substack.com` blogs (one template). Cross-validation folds (`folds`) never split a
group, and whatever is learned or tuned is refit inside each fold.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def _shared() -> Path:
    """`shared/datasets` beside the repository (CI: `../shared`), or beside a folder above it (a
    git worktree under the main checkout's parent); `CLIPPER_DATASETS` overrides."""
    if env := os.environ.get("CLIPPER_DATASETS"):
        return Path(env)
    repo = Path(__file__).resolve().parent.parent
    for up in repo.parents:
        if (up / "shared" / "datasets").is_dir():
            return up / "shared" / "datasets"
    return repo.parent / "shared" / "datasets"


SHARED = _shared()
WCXB = SHARED / "wcxb-dev-articles"
FUNDUS = SHARED / "fundus-dev"
SETS = {"wcxb": WCXB, "fundus": FUNDUS}


@cache
def _extractor() -> Any:
    import tldextract

    # suffix_list_urls=(): the snapshot bundled with the package, no network; cache_dir=None
    # keeps it from writing a cache anywhere.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url: str | None) -> str:
    """`bbc.co.uk` for `https://news.bbc.co.uk/x`; the bare host when it has no known suffix."""
    host = (urlsplit(url or "").hostname or "").lower()
    if not host:
        return ""
    ext = _extractor()(host)
    return ext.top_domain_under_public_suffix or host.removeprefix("www.")


def set_of(root: Path) -> str:
    """ "fundus" for a folder laid out as fundus-dev (it has a manifest), else "wcxb"."""
    return "fundus" if (root / "manifest.json").exists() else "wcxb"


def page_ids(root: Path) -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in (root / "truth").glob("*.json"))


def _html_lang(html: bytes) -> str | None:
    m = re.search(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", html[:4000], re.I)
    return m.group(1).decode().lower() if m else None


# ------------------------------------------------------------------------- fundus author credits

# Agencies that fundus's parsers list among the authors. The benchmark's own list, independent of
# clipper's, so the scorer does not agree with clipper by construction.
_AGENCIES = {
    "dpa", "afp", "ap", "apa", "reuters", "associated press", "the associated press", "kna",
    "epd", "sid", "efe", "ansa", "europa press", "anp", "ntb", "tt", "ritzau", "belga", "pap",
    "ctk", "čtk", "aa", "anadolu", "yonhap", "kyodo", "jiji", "xinhua", "upi", "pa", "pa media",
    "bloomberg", "dow jones", "red", "red.", "redaktion", "agencias", "agences",
}  # fmt: skip
_ORG_WORDS = re.compile(
    r"\b(?:redaktion|redaction|rédaction|redacción|redazione|redactie|newsroom|staff|desk|team|"
    r"news|online|digital|agency|agentur|agencia)\b|デジタル|オンライン|新聞|신문|일보|뉴스",
    re.I,
)
_KO_ROLE = re.compile(r"\s*(?:기자|특파원|논설위원)?\s*(?:외\s*\d+\s*명)?\s*$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "", text.casefold())


def is_organisation(credit: str, publisher: str | None, domain: str) -> bool:
    """Is a fundus author credit an agency, outlet or desk rather than a person?

    An agency of the list above; the publisher or the site named (`DER SPIEGEL` on spiegel.de,
    `sportschau.de`); a desk word (`BR24 Redaktion`, `BBC News`); a desk code (`srf/hosb`, `kesm`:
    lower case, one token, or a slash)."""
    low = " ".join(credit.casefold().split())
    if low in _AGENCIES:
        return True
    folded = _fold(credit)
    tokens = {_fold(t) for t in re.split(r"[\s/-]+", credit)}
    site = domain.split(".")[0]
    pubs = {
        p
        for p in (
            _fold(publisher or ""),
            _fold(re.sub(r"\(.*?\)|^the\s+", "", publisher or "", flags=re.I)),
            *(_fold(m) for m in re.findall(r"\((.*?)\)", publisher or "")),
        )
        if len(p) >= 3
    }
    if site in tokens or folded == site or any(folded == p or p in tokens for p in pubs):
        return True
    if len(folded) >= 5 and any(folded in p or p in folded for p in pubs):
        return True
    if _ORG_WORDS.search(credit):
        return True
    if "/" in credit or "." in credit.rstrip("."):
        return True
    return " " not in credit.strip() and credit.strip().islower()


def split_fundus_authors(
    authors: Sequence[str], publisher: str | None, domain: str
) -> tuple[list[str], list[str]]:
    """(people, credits): fundus's author list split into person names and organisations.

    "Le Figaro et AFP" is two organisations; a Korean reporter's role word and "and N others"
    (`박준석 기자 외 1명`) are not part of the name."""
    people: list[str] = []
    credits: list[str] = []
    for raw in authors:
        parts = re.split(r"\s+(?:et|und|and|y|e)\s+|\s*[,;&]\s*", raw)
        whole_org = is_organisation(raw, publisher, domain)
        for part in parts if not whole_org else [raw]:
            part = _KO_ROLE.sub("", part).strip()
            if not part:
                continue
            if whole_org or is_organisation(part, publisher, domain):
                credits.append(part)
            else:
                people.append(part)
    return people, credits


# ------------------------------------------------------------------------------------------ pages


def _truth_wcxb(data: dict[str, Any]) -> dict[str, Any]:
    gt = dict(data.get("ground_truth") or {})
    gt.setdefault("credits", [])
    gt["published"] = gt.get("publish_date")
    return gt


def _truth_fundus(data: dict[str, Any], domain: str) -> dict[str, Any]:
    people, credits = split_fundus_authors(data.get("authors") or [], data.get("publisher"), domain)
    published = data.get("published") or None
    return {
        "main_content": "\n\n".join(data.get("body_paragraphs") or []),
        "title": data.get("title") or None,
        # One string, as WCXB's: the people only (organisations are scored apart).
        "author": "; ".join(people) or None,
        "credits": credits,
        "authors_raw": list(data.get("authors") or []),
        "publish_date": published[:10] if published else None,
        "published": published,
        "language": data.get("language"),
        "publisher": data.get("publisher"),
    }


def load_page(page_id: str, root: Path) -> Any:
    """One page of either set as a `benchmarks.scoring.Page` (truth in WCXB's key names)."""
    from benchmarks.scoring import Page

    data = json.loads((root / "truth" / f"{page_id}.json").read_text("utf-8"))
    html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
    text_path = root / "text" / f"{page_id}.txt"
    text = text_path.read_text("utf-8") if text_path.exists() else ""
    url = data.get("url")
    domain = registrable_domain(url)
    which = set_of(root)
    if which == "fundus":
        truth = _truth_fundus(data, domain)
    else:
        truth = _truth_wcxb(data)
        truth["language"] = _html_lang(html)
    return Page(page_id, url, html, text, truth, dataset=which, group=domain)


def load_pages(
    root: Path, ids: Sequence[str] | None = None, *, limit: int | None = None
) -> Iterator[Any]:
    chosen = list(ids) if ids else page_ids(root)
    if limit is not None:
        chosen = chosen[:limit]
    for page_id in chosen:
        yield load_page(page_id, root)


def load_both(limit: int | None = None) -> list[Any]:
    """Every page of both dev sets, WCXB first."""
    return [p for root in (WCXB, FUNDUS) for p in load_pages(root, limit=limit)]


# ------------------------------------------------------------------------------------------ folds

N_FOLDS = 5


def fold_of(group: str, n_folds: int = N_FOLDS) -> int:
    """A registrable domain's fold: a stable hash, so a site's pages always fall together and
    the folds do not change when pages are added or the scripts run in another order."""
    return hashlib.sha256(group.encode("utf-8")).digest()[0] % n_folds


def folds(groups: Sequence[str], n_folds: int = N_FOLDS) -> list[tuple[list[int], list[int]]]:
    """(train, test) index lists for each fold; no group is on both sides of any fold."""
    which = [fold_of(g, n_folds) for g in groups]
    return [
        (
            [i for i, f in enumerate(which) if f != k],
            [i for i, f in enumerate(which) if f == k],
        )
        for k in range(n_folds)
    ]
