"""A user's script outside the repo type-checks against clipper (PEP 561 py.typed), both with the
development install `make install` makes and with the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

USER_SCRIPT = """
import asyncio

import clipper


def title(html: bytes) -> str | None:
    record: clipper.Clipping = clipper.clean_html(html, url="https://example.com/story")
    return record.title


async def titles(pages: list[bytes]) -> list[str | None]:
    records = await asyncio.gather(*(clipper.aclean_html(p) for p in pages))
    return [r.title for r in records]


options = clipper.CleanOptions(timeout=5.0)
try:
    clipper.clean(b"<p>x</p>", options=options, kind="html")
except clipper.CleanTimeoutError as err:
    print(err.source)
"""

# Proof that the types are seen (not Any): mypy must reject this line, and only this one.
WRONG = 'length: int = clipper.clean_html(b"").title\n'


def _mypy(script_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *args, "user.py"],
        cwd=script_dir,  # outside the repo: no mypy config, no clipper folder next to it
        capture_output=True,
        text=True,
        timeout=600,
    )


def _check(script_dir: Path, *args: str) -> None:
    (script_dir / "user.py").write_text(USER_SCRIPT + WRONG)
    checked = _mypy(script_dir, *args)
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    wrong_line = len((USER_SCRIPT + WRONG).splitlines())
    assert len(errors) == 1, checked.stdout + checked.stderr
    assert errors[0].startswith(f"user.py:{wrong_line}: error: Incompatible types in assignment")
    assert '(expression has type "str | None", variable has type "int")' in errors[0]


def test_development_install_is_seen_by_mypy(tmp_path: Path) -> None:
    _check(tmp_path)


def test_wheel_ships_py_typed_and_is_seen_by_mypy(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("clipper_news-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "clipper/py.typed" in names
        assert "clipper/contrib/scrapy.py" in names
        # A fresh environment holding only the wheel, installed as pip would (pure Python: unpack).
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "env")], check=True
        )
        (site,) = (tmp_path / "env" / "lib").glob("python3*/site-packages")
        zf.extractall(site)
    user = tmp_path / "user"
    user.mkdir()
    _check(user, "--python-executable", str(tmp_path / "env" / "bin" / "python"))
