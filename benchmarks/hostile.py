"""Hostile-input batch: a few thousand generated bad inputs mixed with good pages.

Runs `clipper clean` over them as a user would, then times each input alone (in this process,
with the same per-input timeout) to find the slowest one. Prints inputs, records, errors, the
slowest input's time and peak memory.

    .venv/bin/python benchmarks/hostile.py                  # ~3,000 inputs
    .venv/bin/python benchmarks/hostile.py --copies 40 --heavy 1 --workers 2
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _generate_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "hostile_generate", ROOT / "fixtures" / "hostile" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _time_each(paths: list[Path], timeout: float, max_bytes: int) -> tuple[float, str, int]:
    """Clean every item of every input alone; (slowest seconds, its source, items)."""
    from clipper.batch import clean_with_timeout
    from clipper.models import DEFAULT_OPTIONS
    from clipper.readers.files import expand_inputs, iter_items

    slowest, which, items = 0.0, "", 0
    inputs = expand_inputs([str(p) for p in paths])
    reading = time.perf_counter()
    for item in iter_items(inputs, max_bytes):
        items += 1
        began = time.perf_counter()
        if item.content is not None:
            clean_with_timeout(item, DEFAULT_OPTIONS, timeout)
        # Reading (gunzip, WARC parsing) counts toward the input's time too.
        spent = time.perf_counter() - min(began, reading)
        if spent > slowest:
            slowest, which = spent, f"{item.source.path}@{item.source.offset}"
        reading = time.perf_counter()
    return slowest, which, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=120, help="light copies of every case")
    parser.add_argument("--heavy", type=int, default=3, help="copies with bombs, deep nesting")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="generate here and keep the files")
    args = parser.parse_args()

    generate = _generate_module().generate
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        light = generate(base / "light", copies=args.copies, seed=1, heavy=False)
        heavy = generate(base / "heavy", copies=args.heavy, seed=2, heavy=True)
        cases = light + heavy
        paths = sorted(c.path for c in cases)
        listing = base / "inputs.txt"
        listing.write_text("\n".join(str(p) for p in paths) + "\n")
        out = base / "out.jsonl"
        command = [
            sys.executable, "-m", "clipper", "clean", "--from-list", str(listing),
            "-o", str(out), "--force", "--workers", str(args.workers),
            "--timeout", str(args.timeout),
        ]  # fmt: skip
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - began
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        records = sum(1 for _ in out.open()) if out.exists() else 0
        errors_path = base / "out.jsonl.errors.jsonl"
        errors = [json.loads(line) for line in errors_path.open()] if errors_path.exists() else []
        kinds = Counter(e["error"] for e in errors)
        summary = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""

        slowest, which, items = _time_each(paths, args.timeout, 20_000_000)
        print(f"inputs:   {len(paths)} files ({len(heavy)} heavy), {items} items")
        print(f"records:  {records}")
        print(f"errors:   {len(errors)}  " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        print(f"exit:     {done.returncode}   batch: {summary}")
        print(
            f"wall:     {wall:.1f} s with {args.workers} workers ({len(paths) / wall:.0f} files/s)"
        )
        print(f"slowest:  {slowest:.2f} s  {Path(which).name if which else '-'}")
        print(f"peak RSS: {peak_kb / 1024:.0f} MB (largest single process: CLI parent or a worker)")
        print(f"self RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
              "(this process, after timing every input alone)")  # fmt: skip


if __name__ == "__main__":
    main()
