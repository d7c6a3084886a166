"""What the support-file tests share (tests/extract/test_end_support.py, tests/rules/
test_word_support.py): the training script as a module, and the check that its committed file
is what the dev data gives now."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def training_module(name: str) -> ModuleType:
    """training/<name>.py, imported from the repository root."""
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module(f"training.{name}")
    finally:
        sys.path.remove(str(ROOT))


def assert_file_matches_the_dev_data(support: ModuleType) -> None:
    """The committed support file equals the counts recomputed from the dev sets (present in
    CI: their absence fails there, and only skips elsewhere)."""
    from benchmarks.datasets import SETS

    if not all((root / "text").is_dir() for root in SETS.values()):
        if os.environ.get("CI"):
            pytest.fail(f"the dev datasets are missing: {list(SETS.values())}")
        pytest.skip("dev datasets not present")
    committed = json.loads(support.OUT.read_text("utf-8"))
    assert support.compute() == committed, f"stale: run training/{support.OUT.stem}.py"
