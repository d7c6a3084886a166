"""Helpers for the archive tests: clipper records made without cleaning, the real CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

CLIPPER = str(Path(sys.executable).with_name("clipper"))
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def record(i: int, **fields: Any) -> dict[str, Any]:
    """A clipper record (RECORD.md keys) with its own id, text and date."""
    text = fields.pop("text", None) or (
        f"Harbour ferry timetable {i} changes on Monday, the operator said.\n\n"
        f"Passengers on route {i} keep their season tickets, a spokesman added."
    )
    rec: dict[str, Any] = {
        "id": "sha256:" + hashlib.sha256(f"input {i}".encode()).hexdigest(),
        "url": f"https://news{i % 3}.example/story/{i}",
        "source": {"path": f"page{i}.html", "type": "html", "offset": None},
        "title": f"Ferry timetable {i}",
        "subtitle": None,
        "section": None,
        "text": text,
        "byline": "By Ana Lima",
        "authors": ["Ana Lima"],
        "contributors": [],
        "contacts": [],
        "publisher": "The Harbour Times",
        "licensed_from": None,
        "credits": [],
        "published": f"2023-{i % 12 + 1:02d}-05",
        "published_tz": None,
        "modified": None,
        "dateline": None,
        "language": "en",
        "captions": [],
        "removed": [{"rule": "navigation.skip", "text": "Skip to content"}],
        "duplicate_of": None,
        "digest": "",
        "clipper_version": "0.1.0",
    }
    rec.update(fields)
    rec["digest"] = "sha256:" + hashlib.sha256(rec["text"].encode()).hexdigest()
    return rec


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def cli(
    *args: str, cwd: Path | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `clipper` command."""
    done = subprocess.run([CLIPPER, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"{args}: exit {done.returncode}\n{done.stderr}")
    return done
