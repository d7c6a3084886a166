"""Check that a code move leaves every record byte-identical (the version field aside).

Cleans every page of the WCXB dev articles and of fundus-dev, both the saved HTML and the browser
copy (the copy twice: with the line model and with the rule fallback), plus the seed clippings,
and writes one line per input: the set, the page id and the record's JSON less `clipper_version`
(or the error a page raised). Two such files are compared line by line.

With `--tree DIR` the records come from the clipper package under DIR (another checkout, e.g. a
worktree of the commit before a change), so a baseline can be made at any time.

Example:
    # the baseline, from the tree before the change
    git -C . archive dfc54fb | (mkdir -p /tmp/base-tree && tar -x -C /tmp/base-tree)
    .venv/bin/python benchmarks/equivalence.py --tree /tmp/base-tree --out /tmp/equiv-base.jsonl
    # this tree against it
    .venv/bin/python benchmarks/equivalence.py --out /tmp/equiv-new.jsonl \\
        --compare /tmp/equiv-base.jsonl
    # or two files made earlier
    .venv/bin/python benchmarks/equivalence.py --diff /tmp/equiv-new.jsonl /tmp/equiv-base.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared datasets sit beside the checkout (../shared) or beside its worktree folder.
DATASETS = next(
    (p / "shared" / "datasets" for p in ROOT.parents if (p / "shared" / "datasets").is_dir()),
    ROOT.parent / "shared" / "datasets",
)
WCXB = DATASETS / "wcxb-dev-articles"
FUNDUS = DATASETS / "fundus-dev"

# Fields that change without any code change.
_VOLATILE = ("clipper_version",)

# (set name, dataset, kind, use_model)
SETS = (
    ("wcxb-html", WCXB, "html", True),
    ("wcxb-text", WCXB, "text", True),
    ("wcxb-text-rules", WCXB, "text", False),
    ("fundus-html", FUNDUS, "html", True),
    ("fundus-text", FUNDUS, "text", True),
    ("fundus-text-rules", FUNDUS, "text", False),
)

Task = tuple[str, str, str, str, bool]  # set, page id, path, kind, use_model


def tasks(
    root_wcxb: Path,
    root_fundus: Path,
    seeds: Path,
    limit: int | None,
    only: Sequence[str] = (),
) -> list[Task]:
    """Every input (of the sets named in `only`, when given), in a fixed order."""
    roots = {WCXB: root_wcxb, FUNDUS: root_fundus}
    out: list[Task] = []
    for name, dataset, kind, use_model in SETS:
        if only and name not in only:
            continue
        root = roots[dataset]
        ids = sorted(p.name.removesuffix(".html.gz") for p in (root / "html").glob("*.html.gz"))
        if not ids:
            raise SystemExit(f"no pages under {root / 'html'}")
        for page_id in ids[:limit]:
            if kind == "html":
                path = root / "html" / f"{page_id}.html.gz"
            else:
                path = root / "text" / f"{page_id}.txt"
                if not path.exists():
                    continue
            out.append((name, page_id, str(path), kind, use_model))
    for seed in sorted(seeds.glob("*.txt"))[:limit] if not only or "seeds" in only else ():
        out.append(("seeds", seed.stem, str(seed), "text", True))
    return out


def _url(path: Path) -> str | None:
    truth = path.parent.parent / "truth" / (path.name.split(".")[0] + ".json")
    if not truth.exists():
        return None
    value = json.loads(truth.read_text("utf-8")).get("url")
    return value if isinstance(value, str) else None


def record_line(task: Task) -> str:
    """One input's record (or error) as one JSON line."""
    from clipper import Source, clean_html, clean_text
    from clipper.errors import ClipperError
    from clipper.models import CleanOptions

    name, page_id, path_str, kind, use_model = task
    path = Path(path_str)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    rel = f"{path.parent.name}/{path.name}"
    url = _url(path) if name != "seeds" else None
    try:
        if kind == "html":
            rec = clean_html(data, url, source=Source(rel, "html", None)).to_dict()
        else:
            options = CleanOptions(use_model=use_model)
            rec = clean_text(data, url, options, source=Source(rel, "text", None)).to_dict()
    except ClipperError as exc:
        rec = {"error": type(exc).__name__, "message": str(exc)}
    for key in _VOLATILE:
        rec.pop(key, None)
    return json.dumps(
        {"set": name, "page": page_id, "record": rec}, ensure_ascii=False, separators=(",", ":")
    )


def _init(tree: str | None) -> None:
    if tree:
        # Before the editable install's finder (appended to sys.meta_path): this tree's package wins.
        sys.path.insert(0, tree)


def records(all_tasks: Sequence[Task], jobs: int, tree: str | None) -> Iterator[str]:
    if jobs <= 1:
        _init(tree)
        yield from map(record_line, all_tasks)
        return
    with get_context("spawn").Pool(jobs, initializer=_init, initargs=(tree,)) as pool:
        yield from pool.imap(record_line, all_tasks, chunksize=8)


def _write(path: Path, lines: Iterable[str]) -> int:
    # Written beside the target and renamed: an interrupted run never leaves half a baseline.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
                count += 1
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return count


def compare(new: Path, old: Path, show: int = 5) -> tuple[Counter[str], Counter[str]]:
    """Identical and differing records per set (printing the first few differences)."""
    a = new.read_text("utf-8").splitlines()
    b = old.read_text("utf-8").splitlines()
    same: Counter[str] = Counter()
    differ: Counter[str] = Counter()
    if len(a) != len(b):
        print(f"line counts differ: {len(a)} now, {len(b)} before")
    shown = 0
    for x, y in zip(a, b, strict=False):
        rx, ry = json.loads(x), json.loads(y)
        if x == y:
            same[rx["set"]] += 1
            continue
        differ[rx["set"]] += 1
        if shown < show:
            shown += 1
            if (rx["set"], rx["page"]) != (ry["set"], ry["page"]):
                print(f"out of step: {rx['set']}/{rx['page']} now, {ry['set']}/{ry['page']} before")
                continue
            keys = sorted(
                k
                for k in set(rx["record"]) | set(ry["record"])
                if rx["record"].get(k) != ry["record"].get(k)
            )
            print(f"{rx['set']}/{rx['page']}: fields differ: {keys}")
    extra = abs(len(a) - len(b))
    if extra:
        differ["(missing lines)"] += extra
    return same, differ


def report(same: Counter[str], differ: Counter[str]) -> int:
    for name in sorted(set(same) | set(differ)):
        print(f"{name:20} {same[name]:5} identical {differ[name]:5} different")
    total_same, total_diff = sum(same.values()), sum(differ.values())
    print(f"{'all':20} {total_same:5} identical {total_diff:5} different")
    return 1 if total_diff else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--out", type=Path, help="where to write this run's records")
    parser.add_argument("--compare", type=Path, help="a baseline file to compare this run with")
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("NEW", "OLD"), help="compare files")
    parser.add_argument("--tree", type=Path, help="clean with the clipper package under this tree")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set only")
    parser.add_argument(
        "--only",
        nargs="+",
        default=(),
        choices=[name for name, *_ in SETS] + ["seeds"],
        help="these sets only (compare with a baseline made with the same sets)",
    )
    parser.add_argument("--wcxb", type=Path, default=WCXB, help="WCXB dev folder")
    parser.add_argument("--fundus", type=Path, default=FUNDUS, help="fundus-dev folder")
    args = parser.parse_args(argv)
    if args.diff:
        return report(*compare(args.diff[0], args.diff[1]))
    if args.out is None:
        parser.error("give --out FILE (or --diff NEW OLD)")
    tree = str(args.tree.resolve()) if args.tree else None
    all_tasks = tasks(args.wcxb, args.fundus, (args.tree or ROOT) / "seeds", args.limit, args.only)
    count = _write(args.out, records(all_tasks, args.jobs, tree))
    print(f"wrote {count} records to {args.out}")
    if args.compare is None:
        return 0
    return report(*compare(args.out, args.compare))


if __name__ == "__main__":
    raise SystemExit(main())
