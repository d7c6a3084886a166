"""WARC input: which records become items, what they carry, and recovery from broken records."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clipper.errors import CorruptInputError, InputTooLargeError
from clipper.readers.warc import decode_item, iter_warc

PAGE = b"<html><head><title>T</title></head><body><p>Hello page %d</p></body></html>"


def _record(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    extra: list[tuple[str, str]] | None = None,
    kind: str = "response",
) -> object:
    if kind == "response":
        headers = StatusAndHeaders(
            status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
        )
        return writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
    return writer.create_warc_record(
        url, kind, payload=io.BytesIO(body), warc_content_type=content_type
    )


def _warc(path: Path, records: list[dict[str, object]], *, gz: bool) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for spec in records:
            writer.write_record(_record(writer, **spec))  # type: ignore[arg-type]


def _pages(n: int) -> list[dict[str, object]]:
    return [{"url": f"http://example.com/{i}", "body": PAGE % i} for i in range(n)]


def test_responses_become_items_with_url_date_and_raw_record(tmp_path: Path) -> None:
    for gz in (False, True):
        path = tmp_path / f"a.warc{'.gz' if gz else ''}"
        _warc(path, _pages(3), gz=gz)
        items = list(iter_warc(str(path), 10**6))
        assert [i.url for i in items] == [f"http://example.com/{i}" for i in range(3)]
        assert [i.content for i in items] == [PAGE % i for i in range(3)]
        assert all(i.kind == "html" and i.http_charset == "utf-8" for i in items)
        assert all(i.fetched and i.fetched.startswith("20") for i in items)
        offsets = [i.source.offset for i in items]
        assert offsets[0] == 0 and offsets == sorted(offsets) and len(set(offsets)) == 3
        # The raw record is the whole record as it was: header, block, two CRLFs.
        raw = items[1].warc_record
        assert raw is not None and raw.startswith(b"WARC/1.") and raw.endswith(b"\r\n\r\n")
        assert b"WARC-Target-URI: http://example.com/1" in raw and (PAGE % 1) in raw
        # A record offset points at where the record starts in the file.
        data = path.read_bytes()
        at = items[2].source.offset or 0
        chunk = gzip.decompress(data[at:]) if gz else data[at:]
        assert chunk.startswith(b"WARC/1.") and b"example.com/2" in chunk.split(b"\r\n\r\n")[0]


def test_non_200_and_non_html_are_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    _warc(
        path,
        [
            {"url": "http://a/1", "body": PAGE % 1},
            {"url": "http://a/2", "body": b"gone", "status": "404 Not Found"},
            {"url": "http://a/3", "body": b"\x89PNG....", "content_type": "image/png"},
            {
                "url": "http://a/4",
                "body": b"Some copied text.",
                "content_type": "text/plain",
                "kind": "resource",
            },
            {
                "url": "http://a/5",
                "body": b"GET / HTTP/1.1\r\n\r\n",
                "content_type": "application/http; msgtype=request",
                "kind": "request",
            },
            {
                "url": "http://a/6",
                "body": PAGE % 6,
                "content_type": "text/html",
                "kind": "resource",
            },
        ],
        gz=True,
    )
    items = list(iter_warc(str(path), 10**6))
    # The request record is not an input at all.
    assert [i.url for i in items] == [
        "http://a/1",
        "http://a/2",
        "http://a/3",
        "http://a/4",
        "http://a/6",
    ]
    assert items[1].skip == "HTTP status 404"
    assert items[2].skip == "not HTML (image/png)"
    assert items[3].kind == "text" and items[3].content == b"Some copied text."
    assert items[4].kind == "html" and items[0].skip is None and items[0].error is None


def test_chunked_and_gzip_encoded_bodies_are_decoded(tmp_path: Path) -> None:
    html = PAGE % 7
    zipped = gzip.compress(html)
    chunked = (
        b"".join(
            b"%x\r\n%s\r\n" % (len(zipped[i : i + 10]), zipped[i : i + 10])
            for i in range(0, len(zipped), 10)
        )
        + b"0\r\n\r\n"
    )
    path = tmp_path / "enc.warc"
    _warc(
        path,
        [
            {
                "url": "http://a/",
                "body": chunked,
                "extra": [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            }
        ],
        gz=False,
    )
    (item,) = iter_warc(str(path), 10**6)
    # The reader leaves the body as stored; the worker decodes it (decode_item).
    assert item.content == chunked and item.coding is not None
    assert decode_item(item).content == html and decode_item(item).coding is None


def _corrupt_middle_plain(path: Path) -> None:
    data = bytearray(path.read_bytes())
    # Break the Content-Length of the second record: its block no longer ends where it says.
    first = data.find(b"Content-Length:", data.find(b"WARC/1", 10))
    second = data.find(b"Content-Length:", first + 10)
    second = data.find(b"WARC/1", first)
    cl = data.find(b"Content-Length: ", second)
    end = data.find(b"\r\n", cl)
    data[cl:end] = b"Content-Length: " + str(int(data[cl + 16 : end]) + 7).encode()
    path.write_bytes(bytes(data))


def test_a_corrupt_record_in_the_middle_costs_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    _warc(path, _pages(5), gz=False)
    _corrupt_middle_plain(path)
    items = list(iter_warc(str(path), 10**6))
    errors = [i for i in items if i.error is not None]
    good = [i.url for i in items if i.content is not None]
    assert len(errors) == 1 and isinstance(errors[0].error, CorruptInputError)
    assert "http://example.com/0" in good and "http://example.com/4" in good
    assert len(good) == 4


def test_a_broken_gzip_member_in_the_middle_costs_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    _warc(path, _pages(5), gz=True)
    data = path.read_bytes()
    members = []
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        d.decompress(data[pos:])
        size = len(data) - pos - len(d.unused_data)
        members.append((pos, size))
        pos += size
    start, size = members[2]
    broken = (
        data[: start + 10]
        + bytes(b ^ 0x5A for b in data[start + 10 : start + size - 8])
        + data[start + size - 8 :]
    )
    path.write_bytes(broken)
    items = list(iter_warc(str(path), 10**6))
    errors = [i for i in items if i.error is not None]
    good = [i.url for i in items if i.content is not None]
    assert len(errors) == 1 and "gzip" in str(errors[0].error)
    assert errors[0].source.offset == start
    assert good == [f"http://example.com/{i}" for i in (0, 1, 3, 4)]


def test_truncated_file_and_oversized_record(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    _warc(path, _pages(3), gz=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    items = list(iter_warc(str(path), 10**6))
    assert [i.url for i in items[:2]] == ["http://example.com/0", "http://example.com/1"]
    assert isinstance(items[2].error, CorruptInputError) and "truncated" in str(items[2].error)

    big = tmp_path / "big.warc.gz"
    _warc(
        big,
        [
            {"url": "http://a/0", "body": PAGE % 0},
            {"url": "http://a/1", "body": b"<html>" + b"x" * 400_000},
            {"url": "http://a/2", "body": PAGE % 2},
        ],
        gz=True,
    )
    items = list(iter_warc(str(big), 300_000 - 256 * 1024 + 1000))
    assert isinstance(items[1].error, InputTooLargeError)
    assert items[0].content == PAGE % 0 and items[2].content == PAGE % 2


def test_garbage_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 10)
    items = list(iter_warc(str(path), 10**6))
    assert len(items) == 1 and isinstance(items[0].error, CorruptInputError)


def test_mutated_files_never_raise_and_every_item_is_one_thing(tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)
    for gz in (False, True):
        path = tmp_path / "base.warc"
        _warc(path, _pages(3), gz=gz)
        base = path.read_bytes()
        for _ in range(60):
            data = bytearray(base)
            at = rnd.randrange(len(data))
            choice = rnd.random()
            if choice < 0.4:
                data[at] = rnd.randrange(256)
            elif choice < 0.7:
                del data[at : at + rnd.randint(1, 200)]
            else:
                data[at:at] = rnd.randbytes(rnd.randint(1, 50))
            path.write_bytes(bytes(data))
            for item in iter_warc(str(path), 10**6):
                assert [
                    item.content is not None,
                    item.error is not None,
                    item.skip is not None,
                ].count(True) == 1
