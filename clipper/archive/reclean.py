"""`Archive.reclean`: clean a site's originals again with other site rules, report before/after."""

from __future__ import annotations

import dataclasses
from collections import Counter

from ..errors import ArchiveError, ClipperError
from ..models import CleanOptions
from ..pipeline import clean_html, clean_text
from ..readers.sniff import sniff_kind
from .core import RecleanResult, Store


def reclean(
    archive: Store, site: str, rules: tuple[str, ...], options: CleanOptions
) -> RecleanResult:
    site = site.lower().removeprefix("www.")
    options = dataclasses.replace(options, site_rules=(*rules, *options.site_rules))
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    rows: list[tuple[str, int, int, int, int]] = []
    errors: list[tuple[str, str]] = []
    words_before = words_after = changed = 0
    ids = [
        str(r[0])
        for r in archive.db.execute(
            "SELECT c.id FROM clippings c JOIN captures p ON p.clipping = c.rowid"
            " WHERE c.site = ? AND p.original IS NOT NULL ORDER BY c.rowid",
            (site,),
        )
    ]
    for cid in ids:
        old = archive.get(cid)
        try:
            original = archive.original(cid)
            media = (original.content_type or "").split(";")[0].strip().lower()
            is_html = media in ("text/html", "application/xhtml+xml") or (
                not media.startswith("text/plain") and sniff_kind(original.data) == "html"
            )
            if is_html:
                new = clean_html(original.data, old.url, options)
            else:
                new = clean_text(original.data, old.url, options)
        except (ClipperError, ArchiveError) as exc:
            errors.append((cid, str(exc)))
            continue
        before.update(r.rule for r in old.removed)
        after.update(r.rule for r in new.removed)
        wb, wa = len(old.text.split()), len(new.text.split())
        words_before += wb
        words_after += wa
        changed += new.text != old.text
        rows.append((cid, wb, wa, len(old.removed), len(new.removed)))
    return RecleanResult(
        site=site,
        clippings=len(rows),
        removed_before=dict(before.most_common()),
        removed_after=dict(after.most_common()),
        words_before=words_before,
        words_after=words_after,
        changed=changed,
        rows=tuple(rows),
        errors=tuple(errors),
    )
