"""pywb replays the originals straight from the archive's WARC files and `export --cdxj`.

The commands of docs/archive.md: a pywb collection whose archive/ holds the archive's WARC files
and whose index is `clipper archive export --cdxj`; pywb (from `.venv-pywb`, made by
`make install`) answers in a subprocess through its WSGI app. Nothing leaves the machine.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

from archive_helpers import cli
from test_export import _crawl

REPO = Path(__file__).resolve().parents[2]
PYWB_BIN = REPO / ".venv-pywb" / "bin"


def _replay_script() -> str:
    """The WSGI request script of tests/writers/test_pywb_replay.py (one copy of it)."""
    path = REPO / "tests" / "writers" / "test_pywb_replay.py"
    spec = importlib.util.spec_from_file_location("_pywb_replay", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.REPLAY)


def test_pywb_replays_the_archive(tmp_path: Path) -> None:
    assert (PYWB_BIN / "wb-manager").exists(), "pywb is missing: run `make install`"
    folder = tmp_path / "clips"
    cli("archive", "-A", str(folder), "init", check=True)
    crawl = _crawl(tmp_path / "crawl.warc.gz")
    page = tmp_path / "saved.html"
    page.write_bytes(
        b"<html><head><title>Saved</title></head><body><article>"
        + b"<p>The council voted to repair the bridge before winter, the mayor said.</p>" * 5
        + b"</article></body></html>"
    )
    cli("archive", "-A", str(folder), "add", str(crawl), "--workers", "1", "-q", check=True)
    cli(
        "archive", "-A", str(folder), "add", str(page), "--url", "https://example.org/saved",
        "--workers", "1", "-q", check=True,
    )  # fmt: skip
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([PYWB_BIN / "wb-manager", "init", "clips"], check=True, **run)  # type: ignore[call-overload]
    for warc in (folder / "warcs").iterdir():
        (tmp_path / "collections" / "clips" / "archive" / warc.name).symlink_to(warc)
    index = tmp_path / "collections" / "clips" / "indexes" / "index.cdxj"
    cli("archive", "-A", str(folder), "export", "--cdxj", str(index), "--force", check=True)
    urls = [
        "https://www.example.com/storm/1",
        "https://www.example.com/storm/2",
        "https://example.org/saved",
    ]
    done = subprocess.run(  # type: ignore[call-overload]
        [PYWB_BIN / "python", "-c", _replay_script(), *[f"/clips/id_/{u}" for u in urls]],
        check=True,
        **run,
    )
    replies = json.loads(done.stdout.strip().splitlines()[-1])
    for (status, content_type, body), title in zip(
        replies, ("Storm 1", "Storm 2", "Saved"), strict=True
    ):
        assert status.startswith("200"), (status, body[:200])
        assert content_type.startswith("text/html"), content_type
        assert f"<title>{title}</title>" in body
