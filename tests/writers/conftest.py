"""Fixtures for the writer tests: the golden-fixture module, clippings, fixed ids and dates."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_golden() -> ModuleType:
    path = REPO / "fixtures" / "regenerate_warc.py"
    spec = importlib.util.spec_from_file_location("clipper_fixtures_regenerate_warc", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def golden() -> ModuleType:
    """fixtures/regenerate_warc.py, imported by path."""
    return _load_golden()


@pytest.fixture
def make_clipping(golden: ModuleType) -> Callable[..., Any]:
    """clipping(number, text, **fields) -> Clipping with plain values."""
    return golden.clipping  # type: ignore[no-any-return]


@pytest.fixture
def fixed(golden: ModuleType) -> dict[str, Any]:
    """Writer options that make dates and record ids reproducible."""
    return {"clock": lambda: golden.DATE, "new_id": golden.fixed_ids()}
