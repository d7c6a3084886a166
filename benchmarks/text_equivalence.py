"""Check that a speed change to the copied-text path leaves every record as it was.

Cleans every dev copy (text/*.txt) with the line model and with the rule fallback and writes one
line per copy and mode: the page id, the mode and the record's JSON less the fields that depend on
when it ran (`fetched`). Save a file before a change, one after, and compare them byte for byte.
With `--html` it cleans the HTML pages instead (the line rules serve both paths).

Example:
    .venv/bin/python benchmarks/text_equivalence.py --out /tmp/before.jsonl
    # ... change the code ...
    .venv/bin/python benchmarks/text_equivalence.py --out /tmp/after.jsonl --compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, load_page, page_ids  # noqa: E402

# Fields that change from run to run without any code change.
_VOLATILE = ("fetched",)
MODES = {"model": True, "rules": False}


def records(root: Path, limit: int | None = None, html: bool = False) -> Iterator[str]:
    """One JSON line per dev copy and mode, in page-id order (with `html`, per HTML page: the
    line rules are shared with the HTML path)."""
    from clipper import clean_html, clean_text
    from clipper.errors import ClipperError
    from clipper.models import CleanOptions

    ids = page_ids(root)[:limit]
    if not ids:
        raise SystemExit(f"no pages under {root}")
    for page_id in ids:
        page = load_page(page_id, root)
        for mode, use_model in (("html", True),) if html else MODES.items():
            try:
                if html:
                    rec = clean_html(page.html, page.url).to_dict()
                else:
                    options = CleanOptions(use_model=use_model)
                    rec = clean_text(page.text, page.url, options).to_dict()
            except ClipperError as exc:
                rec = {"error": exc.kind, "message": str(exc)}
            for key in _VOLATILE:
                rec.pop(key, None)
            yield json.dumps(
                {"page": page_id, "mode": mode, "record": rec},
                ensure_ascii=False,
                separators=(",", ":"),
            )


def _write(path: Path, lines: Iterator[str]) -> None:
    # Written beside the target and renamed: an interrupted run never leaves half a baseline.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def compare(new: Path, old: Path, show: int = 3) -> int:
    """How many lines differ between two runs (printing the first few differing pages)."""
    a = new.read_text("utf-8").splitlines()
    b = old.read_text("utf-8").splitlines()
    if len(a) != len(b):
        print(f"line counts differ: {len(a)} now, {len(b)} before")
    differ = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    for x, y in differ[:show]:
        rx, ry = json.loads(x), json.loads(y)
        keys = [k for k in rx["record"] if rx["record"].get(k) != ry["record"].get(k)]
        print(f"{rx['page']} ({rx['mode']}): fields differ: {keys}")
    return len(differ) + abs(len(a) - len(b))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write this run")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier run to compare with")
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--html", action="store_true", help="clean the HTML pages instead")
    args = parser.parse_args(argv)
    _write(args.out, records(args.root, args.limit, args.html))
    if args.compare is None:
        print(f"wrote {args.out}")
        return 0
    bad = compare(args.out, args.compare)
    total = len(args.out.read_text("utf-8").splitlines())
    print(f"{total - bad} of {total} records identical" + ("" if bad else " (byte for byte)"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
