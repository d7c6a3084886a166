"""The batch package keeps its arrows one way and speaks API terms, not the CLI's flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clipper

ROOT = Path(clipper.__file__).resolve().parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
LIBRARY = [*sorted((ROOT / "batch").glob("*.py")), ROOT / "writers" / "atomic.py"]


def _imports(path: Path) -> set[str]:
    """Modules a file imports at module level (not inside functions), as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = "clipper." + ".".join(path.relative_to(ROOT).parent.parts)
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_errors_raised_by_the_library_name_no_cli_flag() -> None:
    for path in LIBRARY:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                for part in ast.walk(node.exc):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        assert not FLAG.search(part.value), (path.name, part.value)


def test_no_batch_module_imports_the_cli_or_the_dask_front_at_load() -> None:
    for path in sorted((ROOT / "batch").glob("*.py")):
        imported = _imports(path)
        assert not any(name.startswith("clipper.cli") for name in imported), path.name
        if path.name not in ("dask.py", "__init__.py"):
            assert "clipper.batch.dask" not in imported, path.name
        assert "clipper.distributed" not in imported, path.name


def test_the_public_names_stay_importable() -> None:
    from clipper import batch
    from clipper.batch import dask

    for name in batch.__all__:
        assert getattr(batch, name) is not None, name
    assert {"clean_bag", "run_dask", "PageError"} <= set(dask.__all__)
    assert not hasattr(batch, "format_summary")  # the CLI renders the report
