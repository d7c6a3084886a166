"""Never crash: any bytes, any text, mutated real pages and mutated WARC/JSONL files give a
Clipping or a ClipperError, and nothing else escapes (hypothesis property tests)."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clipper import ClipperError, Clipping, clean, clean_html, clean_text
from clipper.batch import clean_item
from clipper.models import DEFAULT_OPTIONS
from clipper.readers.jsonl import iter_jsonl
from clipper.readers.warc import iter_warc

PAGES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "pages"
PAGES = [gzip.decompress(p.read_bytes()) for p in sorted(PAGES_DIR.glob("*.html.gz"))]
LIMIT = 2 * 1024 * 1024

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
SLOW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


# What a record's text fields must never hold: C0 controls but tab and newline, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def outcome(call: Callable[[], Clipping]) -> Clipping | ClipperError:
    """The call's record or its ClipperError; any other exception fails the test."""
    try:
        result = call()
    except ClipperError as exc:
        assert str(exc), "an error must say what went wrong"
        return exc
    assert isinstance(result, Clipping)
    assert not CONTROL.search(result.text), f"control character kept in {result.text!r}"
    assert_clean_fields(result)
    return result


# Fields other than the text lose the bidi embeddings, overrides and isolates too.
FIELD_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def assert_clean_fields(record: Clipping) -> None:
    """Every string of the record but the text and the caller's `extra` is free of control and
    bidi characters; the URL has no whitespace and no `user:password@`."""
    data = record.to_dict()
    for name, value in data.items():
        if name in ("text", "extra", "source"):
            continue
        for string in _strings(value):
            assert not FIELD_CONTROL.search(string), f"{name}: control character in {string!r}"
    url = record.url or ""
    assert not re.search(r"\s", url), url
    assert not re.match(r"[a-z][a-z0-9+.-]*://[^/?#]*@", url, re.IGNORECASE), url


def test_fixture_pages_are_there() -> None:
    assert len(PAGES) >= 2
    for page in PAGES:
        assert isinstance(clean_html(page), Clipping)


@FAST
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    outcome(lambda: clean(data))
    outcome(lambda: clean_html(data))
    outcome(lambda: clean_text(data))


@FAST
@given(st.text(max_size=2000))
def test_random_unicode(text: str) -> None:
    outcome(lambda: clean(text))
    outcome(lambda: clean_html(text))
    outcome(lambda: clean_text(text))


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<script>",
                "<!--",
                "-->",
                "<a href='",
                "'>",
                "<br>",
                "&amp;",
                "&#0;",
                "&#xD800;",
                "<![CDATA[",
                "]]>",
                "<meta charset='utf-16'>",
                "<table><tr><td>",
                "\x00",
                "\ufeff",
                "\ud800",
                "By Jane Doe",
                "Published 2023-09-05",
                "text ",
                "\n\n",
            ]
        ),
        max_size=200,
    )
)
def test_random_markup_soup(parts: list[str]) -> None:
    soup = "".join(parts)
    outcome(lambda: clean_html(soup))
    outcome(lambda: clean_html(soup.encode("utf-8", "surrogatepass")))
    outcome(lambda: clean_text(soup))


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    """A real page with a few byte-level mutations: flips, cuts, splices, deletions."""
    data = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 2000))]
        else:
            data[at:at] = bytes(data[at : at + 200]) * draw(st.integers(2, 20))
    return bytes(data)


@SLOW
@given(mutated_page())
def test_mutated_real_pages(data: bytes) -> None:
    outcome(lambda: clean_html(data))
    outcome(lambda: clean(data))


def _warc_bytes(pages: list[bytes], gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for i, page in enumerate(pages):
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            f"https://example.org/{i}", "response", payload=io.BytesIO(page), http_headers=http
        )
        writer.write_record(record)
    return buffer.getvalue()


WARCS = {gz: _warc_bytes(PAGES[:2], gz) for gz in (False, True)}


@contextmanager
def written(data: bytes, suffix: str) -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield path
    finally:
        os.unlink(path)


def _drain(items: Iterator[Any]) -> tuple[int, int]:
    """Clean every item a reader yields; (records, errors). Nothing else may escape."""
    records = errors = 0
    for item in items:
        if item.error is not None:
            assert isinstance(item.error, ClipperError)
            errors += 1
        elif item.content is not None:
            result = outcome(lambda item=item: clean_item(item, DEFAULT_OPTIONS))
            records += isinstance(result, Clipping)
            errors += isinstance(result, ClipperError)
    return records, errors


@st.composite
def mutated_warc(draw: st.DrawFn) -> tuple[bytes, bool]:
    gz = draw(st.booleans())
    data = bytearray(WARCS[gz])
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            # A delete can take a small capture whole: nothing is left to mutate.
            break
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "length"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[max(1, at) :]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 500))]
        elif not gz:
            # Lie in a Content-Length header: the classic broken WARC.
            text = bytes(data)
            where = text.find(b"Content-Length: ", at)
            if where >= 0:
                end = text.index(b"\r\n", where)
                lie = str(draw(st.integers(0, 10**7))).encode()
                data[where + 16 : end] = lie
    return bytes(data), gz


@SLOW
@given(mutated_warc())
def test_mutated_warc_files(case: tuple[bytes, bool]) -> None:
    data, gz = case
    with written(data, ".warc.gz" if gz else ".warc") as path:
        records, errors = _drain(iter_warc(path, LIMIT))
    assert records <= 2


@FAST
@given(
    st.lists(
        st.one_of(
            st.builds(
                lambda t, u: json.dumps({"text": t, "url": u}),
                st.text(max_size=300),
                st.one_of(st.none(), st.text(max_size=30), st.integers()),
            ),
            st.builds(lambda h: json.dumps({"html": h}), st.text(max_size=300)),
            st.builds(json.dumps, st.one_of(st.integers(), st.lists(st.integers()), st.none())),
            st.text(max_size=100),
            st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
        ),
        max_size=8,
    ),
    st.booleans(),
)
def test_mutated_jsonl_files(lines: list[str], gz: bool) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if gz:
        data = gzip.compress(data)[: max(10, len(data))]
    with written(data, ".jsonl.gz" if gz else ".jsonl") as path:
        _drain(iter_jsonl(path, LIMIT))


@pytest.mark.parametrize("gz", [False, True])
def test_unmutated_warc_gives_every_page(gz: bool) -> None:
    # The property tests above would pass vacuously if the reader yielded nothing.
    with written(WARCS[gz], ".warc.gz" if gz else ".warc") as path:
        assert _drain(iter_warc(path, LIMIT)) == (2, 0)
