"""The batch package keeps its arrows one way and speaks API terms, not the CLI's flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clipper

ROOT = Path(clipper.__file__).resolve().parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
#: Every module of the library: all of clipper but the command line, which maps errors to flags.
LIBRARY = sorted(p for p in ROOT.rglob("*.py") if "cli" not in p.relative_to(ROOT).parts)


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


def _is_error_call(node: ast.AST) -> bool:
    """`SomeError(...)`, also when built before it is raised (`refuse = DecodingError(...)`)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name.endswith(("Error", "Exception"))


def test_errors_raised_by_the_library_name_no_cli_flag() -> None:
    assert len(LIBRARY) > 50 and ROOT / "readers" / "decode.py" in LIBRARY
    checked = 0
    for path in LIBRARY:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            built = node.exc if isinstance(node, ast.Raise) else node
            if built is None or not (isinstance(node, ast.Raise) or _is_error_call(node)):
                continue
            for part in ast.walk(built):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    checked += 1
                    where = f"{path.relative_to(ROOT)}:{part.lineno}"
                    assert not FLAG.search(part.value), (where, part.value)
    assert checked > 100  # the walk really reached the library's messages


def test_no_batch_module_imports_the_cli_or_the_dask_front_at_load() -> None:
    for path in sorted((ROOT / "batch").glob("*.py")):
        imported = _imports(path)
        assert not any(name.startswith("clipper.cli") for name in imported), path.name
        if path.name not in ("dask.py", "__init__.py"):
            assert "clipper.batch.dask" not in imported, path.name


def test_the_public_names_stay_importable() -> None:
    from clipper import batch
    from clipper.batch import dask

    for name in batch.__all__:
        assert getattr(batch, name) is not None, name
    assert {"clean_bag", "run_dask", "PageError"} <= set(dask.__all__)
    assert not hasattr(batch, "format_summary")  # the CLI renders the report
