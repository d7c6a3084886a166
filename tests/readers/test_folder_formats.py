"""A folder of everything people save: every file ends as a record, an error or a counted skip."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from click.testing import CliRunner
from saved_pages import STORY, article_html, enex, markdown_clipping, mhtml, singlefile
from warcio.archiveiterator import ArchiveIterator

from clipper.cli import main

XHTML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def _story(name: str) -> list[str]:
    return [f"{name}: {p}" for p in STORY]


def _title(name: str) -> str:
    return f"{name} return to the river"


def _folder(root: Path) -> None:
    (root / "mirror").mkdir()
    (root / "Otters_files").mkdir()
    (root / "Otters.html").write_text(article_html(_title("Otters"), _story("Otters")))
    (root / "Otters_files" / "style.css").write_text("p { margin: 0 }")
    (root / "Otters_files" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))
    (root / "Otters_files" / "saved_resource.html").write_text(article_html("Ad", ["An ad."]))
    herons = article_html(_title("Herons"), _story("Herons")).encode()
    (root / "Herons").write_bytes(mhtml(herons, url="https://news.example.org/herons"))
    (root / "Swans.html").write_text(singlefile(article_html(_title("Swans"), _story("Swans"))))
    (root / "mirror" / "index.php").write_text(article_html(_title("Geese"), _story("Geese")))
    xhtml = article_html(_title("Cranes"), _story("Cranes")).replace("<!DOCTYPE html>", XHTML_HEAD)
    (root / "mirror" / "cranes.xhtml").write_text(xhtml)
    (root / "mirror" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    notes = [(_title("Owls"), "".join(f"<p>{p}</p>" for p in _story("Owls"))), ("Empty", None)]
    (root / "notes.enex").write_text(enex(notes))
    (root / "Ducks.md").write_text(markdown_clipping(_title("Ducks"), _story("Ducks")))
    (root / "broken.md").write_text("---\ntitle: [oops\n---\nwords\n")
    (root / "crawl.warc").write_bytes(b"")


def test_every_file_is_accounted_for_and_capture_times_reach_the_warc(tmp_path: Path) -> None:
    root = tmp_path / "clips"
    root.mkdir()
    _folder(root)
    out = tmp_path / "out.warc.gz"
    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output  # two inputs are broken
    summary = result.stderr
    # 14 files, the ENEX one holding 2 notes and 2 images; "Empty" and broken.md are errors.
    assert "16 inputs: 7 records" in summary and "2 errors, 7 skipped" in summary
    assert "3 asset folder of a saved page (NAME_files/)" in summary
    assert "1 image" in summary
    assert "2 resource of an Evernote note" in summary
    assert "1 WARC or JSONL file in a folder" in summary
    errors = [json.loads(line) for line in open(f"{out}.errors.jsonl", encoding="utf-8")]
    assert sorted(e["message"].split(":")[0] for e in errors) == [
        "front matter is not YAML (line 3)",
        "note 2 ('Empty') has no content",
    ]
    records, dates = {}, {}
    with open(out, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "metadata":
                data = json.loads(record.content_stream().read())
                records[data["title"].split()[0]] = data
            elif record.rec_type == "resource":
                dates[record.rec_headers["WARC-Target-URI"]] = record.rec_headers["WARC-Date"]
    assert sorted(records) == ["Cranes", "Ducks", "Geese", "Herons", "Otters", "Owls", "Swans"]
    for name, data in records.items():
        assert data["text"].startswith(f"{name}: {STORY[0]}"), name
    assert records["Herons"]["source"]["type"] == "mhtml"
    assert dates["https://news.example.org/herons"] == "2026-12-07T10:00:00Z"
    assert dates["https://news.example.org/otters"] == "2026-12-07T09:00:00Z"  # SingleFile
    assert records["Swans"]["fetched"] == "2026-12-07T10:00:00+01:00"
    assert records["Owls"]["fetched"] == "2026-12-07T10:15:00Z"
    assert dates["https://news.example.org/n0"] == "2026-12-07T10:15:00Z"
    assert records["Ducks"]["fetched"] == "2026-12-07T10:15:00+01:00"
    assert records["Otters"]["fetched"] is None


def test_include_and_exclude(tmp_path: Path) -> None:
    root = tmp_path / "clips"
    root.mkdir()
    _folder(root)
    out = tmp_path / "out.jsonl"
    args = ["clean", str(root), "-o", str(out), "--workers", "1"]
    args += ["--include", "*.html", "--include", "mirror/*", "--exclude", "*.png"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    titles = sorted(json.loads(line)["title"].split()[0] for line in open(out, encoding="utf-8"))
    assert titles == ["Cranes", "Geese", "Otters", "Swans"]
    # The filter comes first: of the asset folder only saved_resource.html is left to count.
    # logo.png is both outside the --include globs and --exclude'd: the exclude is named.
    assert "1 asset folder" in result.stderr
    assert "7 matched by no --include" in result.stderr
    assert "1 matched by --exclude" in result.stderr


def test_dot_files_assets_images_and_suffixless_files_are_all_counted(tmp_path: Path) -> None:
    root = tmp_path / "saved"
    (root / ".git" / "objects").mkdir(parents=True)
    (root / "Page_files").mkdir()
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(40))
    (root / ".draft.html").write_text(article_html(_title("Hidden"), _story("Hidden")))
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".git" / "objects" / "ab12").write_bytes(b"x\x01" + bytes(30))
    (root / "Page.html").write_text(article_html(_title("Otters"), _story("Otters")))
    for name, data in (("a.css", b"p{}"), ("b.png", b"\x89PNG\r\n\x1a\n"), ("c.js", b"x=1")):
        (root / "Page_files" / name).write_bytes(data)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))
    (root / "index").write_text(article_html(_title("Geese"), _story("Geese")))
    (root / "notes").write_text("\n\n".join(_story("Swans")))
    (root / "pixel").write_bytes(b"GIF89a" + bytes(20))
    files = [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    counts = re.search(r"(\d+) inputs: (\d+) records .* (\d+) errors, (\d+) skipped", result.stderr)
    assert counts is not None, result.stderr
    inputs, records, errors, skipped = (int(n) for n in counts.groups())
    assert inputs == len(files) == 12 and records + errors + skipped == inputs
    assert (records, errors) == (3, 0)
    assert "4 hidden (a dot file, or in a dot folder)" in result.stderr
    assert "3 asset folder of a saved page (NAME_files/)" in result.stderr
    assert "2 image" in result.stderr
    texts = [json.loads(line)["text"] for line in out.read_text().splitlines()]
    assert sorted(t.split(":")[0] for t in texts) == ["Geese", "Otters", "Swans"]
