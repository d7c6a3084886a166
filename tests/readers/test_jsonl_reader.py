"""JSONL input: html/text objects, url and extra keys, and bad lines as errors that name the offset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from clipper.errors import CorruptInputError, InputTooLargeError
from clipper.readers.jsonl import iter_jsonl


def test_objects_become_items_with_url_and_extra(tmp_path: Path) -> None:
    lines = [
        {"html": "<p>Hi</p>", "url": "http://a/1", "crawl": 7, "lang": "en"},
        {"text": "Copied text here.", "id": "x"},
    ]
    path = tmp_path / "dump.jsonl"
    data = "".join(json.dumps(obj) + "\n" for obj in lines) + "\n"
    path.write_text(data, encoding="utf-8")
    first, second = iter_jsonl(str(path), 10**6)
    assert first.kind == "html" and first.content == "<p>Hi</p>" and first.url == "http://a/1"
    assert first.extra == {"crawl": 7, "lang": "en"}
    assert first.payload == b"<p>Hi</p>" and first.source.type == "jsonl"
    assert first.source.offset == 0
    assert second.kind == "text" and second.url is None and second.extra == {"id": "x"}
    assert second.source.offset == len(json.dumps(lines[0])) + 1


def test_bad_lines_are_errors_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    body = "\n".join(
        [
            json.dumps({"text": "one"}),
            "{not json",
            json.dumps([1, 2]),
            json.dumps({"url": "http://a"}),
            json.dumps({"html": 5}),
            json.dumps({"text": "x" * 500}),
            json.dumps({"text": "last"}),
        ]
    )
    path.write_bytes(gzip.compress(body.encode()))
    items = list(iter_jsonl(str(path), 200))
    assert items[0].content == "one" and items[-1].content == "last"
    middle = items[1:-1]
    assert len(middle) == 5
    assert all(isinstance(i.error, CorruptInputError) for i in middle[:4])
    assert isinstance(middle[4].error, InputTooLargeError)
    assert "offset" in str(middle[0].error) and str(path) in str(middle[0].error)


def test_truncated_gzip_is_an_error_after_the_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    body = "".join(json.dumps({"text": f"line {i}"}) + "\n" for i in range(200))
    data = gzip.compress(body.encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_jsonl(str(path), 10**6))
    assert items[0].content == "line 0"
    assert isinstance(items[-1].error, CorruptInputError)
    assert all(i.error is None for i in items[:-1])
