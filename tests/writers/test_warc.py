"""WARC writer: record layout and links, revisits, copied input records, rotation, atomicity."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from writers_helpers import Rec, assert_valid_warc, files_in, read_records

from clipper.archive.warcfile import gzip_member as archive_gzip_member
from clipper.errors import CorruptInputError, OutputError
from clipper.models import Clipping, Source
from clipper.writers import Original, WarcWriter, open_writer
from clipper.writers.warc import REVISIT_PROFILE, header_date, header_uri

HTML = b"<html><body><p>Body text.</p></body></html>"


def _members(data: bytes) -> list[bytes]:
    """The gzip members of a .warc.gz, each decompressed on its own."""
    out = []
    while data:
        unzip = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.append(unzip.decompress(data))
        assert unzip.eof
        data = unzip.unused_data
    return out


def _input_warc_records(golden: Any, gzipped: bool) -> tuple[bytes, list[bytes]]:
    """An input WARC with one response record, and each record's raw bytes sliced out
    by offset and length the way a batch reader finds them."""
    data = golden.response_record("https://a.example/x", HTML, gzipped=gzipped)
    raws = []
    it = ArchiveIterator(BytesIO(data))
    for record in it:
        record.raw_stream.read()
        it.read_to_end(record)
        start = it.get_record_offset()
        raws.append(data[start : start + it.get_record_length()])
    return data, raws


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
@pytest.mark.parametrize("no_original", [False, True])
def test_layout_and_links(
    tmp_path: Path,
    make_clipping: Callable[..., Clipping],
    fixed: dict[str, Any],
    suffix: str,
    no_original: bool,
) -> None:
    path = tmp_path / f"out{suffix}"
    clip = make_clipping(1, "One.\n\nTwo \u00e9.", url="https://example.com/a")
    with open_writer(str(path), no_original=no_original, description="a test", **fixed) as w:
        w.write(clip, Original(HTML, content_type="text/html; charset=utf-8"))
    assert_valid_warc(path)
    records = read_records(path)
    types = [r.type for r in records]
    expected = ["warcinfo", "conversion", "metadata"]
    assert types == (expected if no_original else ["warcinfo", "resource", *expected[1:]])

    info = records[0]
    assert info.headers["WARC-Filename"] == path.name
    fields = dict(line.split(": ", 1) for line in info.content.decode().splitlines())
    assert fields["software"].startswith("clipper/")
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["description"] == "a test"

    for record in records:
        assert record.headers["WARC-Record-ID"].startswith("<urn:uuid:")
        assert record.headers["WARC-Date"]
        assert record.headers["WARC-Block-Digest"].startswith("sha1:")
        if record.type != "warcinfo":
            assert record.headers["WARC-Payload-Digest"].startswith("sha1:")
    # Only the original claims the page's URL; derived records name it as the page they
    # come from, under their own urn, so replaying the URL gives the page (pywb).
    assert records[-2].headers["WARC-Target-URI"] == f"urn:clipper:text:{clip.id}"
    assert records[-1].headers["WARC-Target-URI"] == f"urn:clipper:metadata:{clip.id}"
    for record in records[1:]:
        if record.type == "resource":
            assert record.headers["WARC-Target-URI"] == "https://example.com/a"
        else:
            assert record.headers["WARC-Refers-To-Target-URI"] == "https://example.com/a"

    conversion, metadata = records[-2], records[-1]
    assert conversion.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert conversion.content.decode("utf-8") == clip.text
    assert metadata.headers["Content-Type"] == "application/json"
    assert metadata.headers["WARC-Concurrent-To"] == conversion.headers["WARC-Record-ID"]
    assert Clipping.from_dict(json.loads(metadata.content)) == clip
    if no_original:
        assert "WARC-Refers-To" not in conversion.headers
    else:
        resource = records[1]
        assert resource.content == HTML
        assert resource.headers["Content-Type"] == "text/html; charset=utf-8"
        assert conversion.headers["WARC-Refers-To"] == resource.headers["WARC-Record-ID"]


def test_target_uri_falls_back_to_urn_and_capture_date_is_kept(
    tmp_path: Path, make_clipping: Callable[..., Clipping], fixed: dict[str, Any]
) -> None:
    path = tmp_path / "out.warc"
    clip = make_clipping(7, "Text.")
    with open_writer(str(path), **fixed) as writer:
        writer.write(clip, Original(b"Text.\n", date="2020-01-02T03:04:05Z"))
    resource, conversion, metadata = read_records(path)[1:]
    assert resource.headers["WARC-Target-URI"] == f"urn:clipper:{clip.id}"
    for record in (conversion, metadata):
        assert record.headers["WARC-Refers-To-Target-URI"] == f"urn:clipper:{clip.id}"
        assert record.headers["WARC-Refers-To"] == resource.headers["WARC-Record-ID"]
    assert resource.headers["WARC-Date"] == "2020-01-02T03:04:05Z"
    assert conversion.headers["WARC-Date"] == fixed["clock"]()


def test_every_gzip_member_is_one_record(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    path = tmp_path / "out.warc.gz"
    with open_writer(str(path)) as writer:
        for number in range(1, 4):
            writer.write(make_clipping(number, f"Text {number}."), Original(HTML))
    members = _members(path.read_bytes())
    assert len(members) == 1 + 3 * 3
    assert all(m.startswith(b"WARC/1.1\r\n") and m.endswith(b"\r\n\r\n") for m in members)
    assert_valid_warc(path)
    # Each record is one member at the offset warcio reports, read alone from there; and it is
    # compressed as the archive compresses its own (one writer path: archive.warcfile).
    data = path.read_bytes()
    with path.open("rb") as handle:
        it = ArchiveIterator(handle)
        spans = [(it.get_record_offset(), it.get_record_length()) for _ in it]
    assert len(spans) == len(members)
    assert spans[-1][0] + spans[-1][1] == len(data)
    for (offset, length), member in zip(spans, members, strict=True):
        stored = data[offset : offset + length]
        assert zlib.decompress(stored, zlib.MAX_WBITS | 16) == member
        assert stored == archive_gzip_member(member)
        (alone,) = list(ArchiveIterator(BytesIO(stored)))
        assert alone.rec_headers.get_header("WARC-Record-ID") in member.decode()


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_duplicate_becomes_a_revisit(
    tmp_path: Path, make_clipping: Callable[..., Clipping], suffix: str
) -> None:
    path = tmp_path / f"out{suffix}"
    first = make_clipping(1, "Same text.", url="https://example.com/first")
    again = make_clipping(2, "Same text.", url="https://example.com/again", duplicate_of=first.id)
    # duplicate_of naming a record this writer never saw: a plain conversion, not a revisit.
    stranger = make_clipping(3, "Same text.", duplicate_of="sha256:" + "f" * 64)
    with open_writer(str(path)) as writer:
        for clip in (first, again, stranger):
            writer.write(clip, Original(HTML))
    assert_valid_warc(path)
    records = read_records(path)
    assert [r.type for r in records[1:]] == [
        "resource", "conversion", "metadata",
        "resource", "revisit", "metadata",
        "resource", "conversion", "metadata",
    ]  # fmt: skip
    conversion, revisit, metadata = records[2], records[5], records[6]
    assert revisit.content == b""
    assert revisit.headers["WARC-Profile"] == REVISIT_PROFILE
    assert revisit.headers["WARC-Refers-To"] == conversion.headers["WARC-Record-ID"]
    assert revisit.headers["WARC-Refers-To-Target-URI"] == f"urn:clipper:text:{first.id}"
    assert revisit.headers["WARC-Refers-To-Date"] == conversion.headers["WARC-Date"]
    assert revisit.headers["WARC-Target-URI"] == f"urn:clipper:text:{again.id}"
    assert metadata.headers["WARC-Refers-To-Target-URI"] == "https://example.com/again"
    assert revisit.headers["WARC-Payload-Digest"] == conversion.headers["WARC-Payload-Digest"]
    assert metadata.headers["WARC-Concurrent-To"] == revisit.headers["WARC-Record-ID"]
    assert json.loads(metadata.content)["duplicate_of"] == first.id


def test_duplicate_of_a_duplicate_reaches_the_first_conversion(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    path = tmp_path / "out.warc"
    first = make_clipping(1, "Same.")
    second = make_clipping(2, "Same.", duplicate_of=first.id)
    third = make_clipping(3, "Same.", duplicate_of=second.id)
    with open_writer(str(path), no_original=True) as writer:
        for clip in (first, second, third):
            writer.write(clip, Original(HTML))
    records = read_records(path)
    assert [r.type for r in records[1::2]] == ["conversion", "revisit", "revisit"]
    conversion_id = records[1].headers["WARC-Record-ID"]
    assert [r.headers["WARC-Refers-To"] for r in records[3::2]] == [conversion_id] * 2


@pytest.mark.parametrize("input_gzipped", [False, True])
@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_input_warc_record_is_copied_byte_for_byte(
    tmp_path: Path,
    golden: Any,
    make_clipping: Callable[..., Clipping],
    input_gzipped: bool,
    suffix: str,
) -> None:
    data, (raw,) = _input_warc_records(golden, input_gzipped)
    plain = gzip.decompress(data) if input_gzipped else data
    assert plain.endswith(b"\r\n\r\n")
    clip = make_clipping(1, "Body text.", source=Source("crawl.warc", "warc", 0))
    path = tmp_path / f"out{suffix}"
    with open_writer(str(path)) as writer:
        writer.write(clip, Original(HTML, warc_record=raw, target_uri="https://ignored.example"))
    assert_valid_warc(path)
    out = path.read_bytes()
    if suffix == ".warc.gz":
        assert _members(out)[1] == plain
    else:
        assert plain in out
    records = read_records(path)
    response, conversion = records[1], records[2]
    assert response.type == "response"
    # Still chunked and gzipped as the server sent it; the content decodes to the page.
    assert b"Transfer-Encoding: chunked" in plain
    with path.open("rb") as handle:
        decoded = [r.content_stream().read() for r in ArchiveIterator(handle)][1]
    assert decoded == HTML
    assert conversion.headers["WARC-Refers-To"] == response.headers["WARC-Record-ID"]
    assert conversion.headers["WARC-Refers-To-Target-URI"] == "https://a.example/x"


def test_record_without_trailing_separator_gets_one(
    tmp_path: Path, golden: Any, make_clipping: Callable[..., Clipping]
) -> None:
    data, _ = _input_warc_records(golden, False)
    path = tmp_path / "out.warc"
    with open_writer(str(path)) as writer:
        writer.write(make_clipping(1, "x"), Original(HTML, warc_record=data[:-4]))
    assert data in path.read_bytes()
    assert_valid_warc(path)


def test_no_original_still_refers_to_the_input_record(
    tmp_path: Path, golden: Any, make_clipping: Callable[..., Clipping]
) -> None:
    data, _ = _input_warc_records(golden, True)
    path = tmp_path / "out.warc"
    with open_writer(str(path), no_original=True) as writer:
        writer.write(make_clipping(1, "Body text."), Original(HTML, warc_record=data))
    records = read_records(path)
    assert [r.type for r in records] == ["warcinfo", "conversion", "metadata"]
    assert records[1].headers["WARC-Refers-To"] == "<urn:uuid:11111111-1111-4111-8111-111111111111>"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x1f\x8b\x08\x00broken", "not valid gzip"),
        (b"<html>not a warc</html>", "no WARC header"),
        (b"WARC/1.1\r\nWARC-Type: response\r\n\r\nbody", "no Content-Length"),
        (b"WARC/1.1\r\nContent-Length: 100\r\n\r\nshort", "truncated"),
        (b"WARC/1.1\r\nContent-Length: 2\r\n\r\nok\r\n\r\nWARC/1.1\r\n", "followed by"),
    ],
)
def test_broken_input_record_raises_and_writes_nothing(
    tmp_path: Path, make_clipping: Callable[..., Clipping], raw: bytes, message: str
) -> None:
    path = tmp_path / "out.warc"
    clip = make_clipping(1, "x", source=Source("crawl.warc.gz", "warc", 1234))
    with open_writer(str(path)) as writer:
        with pytest.raises(CorruptInputError, match=message) as info:
            writer.write(clip, Original(b"x", warc_record=raw))
        assert info.value.source == "crawl.warc.gz"
        writer.write(make_clipping(2, "y"), Original(b"y"))
    assert [r.type for r in read_records(path)] == [
        "warcinfo",
        "resource",
        "conversion",
        "metadata",
    ]
    assert_valid_warc(path)


@pytest.mark.parametrize(("suffix", "max_size"), [(".warc", 6000), (".warc.gz", 2500)])
def test_rotation_keeps_clippings_whole(
    tmp_path: Path, make_clipping: Callable[..., Clipping], suffix: str, max_size: int
) -> None:
    path = str(tmp_path / f"out{suffix}")
    items = [make_clipping(n, f"Paragraph {n}. " * 40) for n in range(1, 8)]
    first = make_clipping(8, items[0].text, duplicate_of=items[0].id)
    with open_writer(path, max_size=max_size, description="rotating") as writer:
        for clip in [*items, first]:
            writer.write(clip, Original(HTML * 5))
        assert len(writer.paths) >= 1  # parts are renamed as soon as they are finished
    parts = writer.paths
    assert len(parts) >= 3
    assert parts == [str(tmp_path / f"out-{i:05d}{suffix}") for i in range(len(parts))]
    assert files_in(tmp_path) == [Path(p).name for p in parts]
    seen = []
    for part in parts:
        assert_valid_warc(part)
        records = read_records(part)
        assert records[0].type == "warcinfo"
        assert records[0].headers["WARC-Filename"] == Path(part).name
        assert b"isPartOf: out\r\n" in records[0].content
        body = [r.type for r in records[1:]]
        # Each clipping's three records sit together in one part.
        assert len(body) % 3 == 0 and body[::3] == ["resource"] * (len(body) // 3)
        seen += [json.loads(r.content)["id"] for r in records if r.type == "metadata"]
        if len(body) > 3:
            assert Path(part).stat().st_size <= max_size
    assert seen == [c.id for c in [*items, first]]
    # The revisit may point into an earlier part: it still names the first conversion.
    revisit = [r for p in parts for r in read_records(p) if r.type == "revisit"]
    assert len(revisit) == 1


def test_rotation_refuses_old_parts_and_force_clears_stale_ones(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    path = str(tmp_path / "out.warc")
    for name in ("out-00000.warc", "out-00001.warc", "out-00002.warc"):
        (tmp_path / name).write_bytes(b"old run")
    with pytest.raises(OutputError, match="already exists") as info:
        open_writer(path, max_size=10_000)
    assert "out-00000.warc" in str(info.value)
    with open_writer(path, max_size=10_000, force=True) as writer:
        writer.write(make_clipping(1, "x"), Original(HTML))
    assert files_in(tmp_path) == ["out-00000.warc"]
    assert_valid_warc(tmp_path / "out-00000.warc")


def test_exception_in_block_leaves_no_file(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    with pytest.raises(ValueError, match="boom"):
        with open_writer(str(tmp_path / "out.warc.gz")) as writer:
            writer.write(make_clipping(1, "x"), Original(HTML))
            raise ValueError("boom")
    assert files_in(tmp_path) == []


def test_empty_run_is_a_valid_warc_with_warcinfo_only(tmp_path: Path) -> None:
    path = tmp_path / "out.warc.gz"
    assert WarcWriter(str(path)).close() == [str(path)]
    assert [r.type for r in read_records(path)] == ["warcinfo"]
    assert_valid_warc(path)


def test_default_ids_and_dates_are_fresh_and_well_formed(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    path = tmp_path / "out.warc"
    with open_writer(str(path)) as writer:
        writer.write(make_clipping(1, "x"), Original(HTML))
    records: list[Rec] = read_records(path)
    ids = [r.headers["WARC-Record-ID"] for r in records]
    assert len(set(ids)) == len(ids)
    for record in records:
        date = record.headers["WARC-Date"]
        assert len(date) == len("2024-01-01T00:00:00.000000Z") and date.endswith("Z")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("  https://a.example/x\n", "https://a.example/x"),
        ("https://a.example/a b", "https://a.example/a%20b"),
        (
            "https://a.example/\r\nWARC-Type: response",
            "https://a.example/%0D%0AWARC-Type:%20response",
        ),
        ("https://\u00fc.example/\u00e9", "https://\u00fc.example/\u00e9"),
        ("   ", None),
        (None, None),
    ],
)
def test_header_uri(value: str | None, expected: str | None) -> None:
    assert header_uri(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-05T05:03:00Z", "2023-09-05T05:03:00Z"),
        ("2023-09-05T14:03:00+09:00", "2023-09-05T05:03:00Z"),
        ("2023-09-05T05:03:00.25Z", "2023-09-05T05:03:00.250000Z"),
        ("2023-09-05T05:03:00", "2023-09-05T05:03:00Z"),
        ("20230905050300", "2023-09-05T05:03:00Z"),
        ("2023-09-05", None),  # no invented midnight
        ("2023-13-05T00:00:00Z", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_header_date(value: str | None, expected: str | None) -> None:
    assert header_date(value) == expected


def test_hostile_url_and_date_cannot_break_the_record(
    tmp_path: Path, make_clipping: Callable[..., Clipping], fixed: dict[str, Any]
) -> None:
    path = tmp_path / "out.warc"
    clip = make_clipping(1, "x", url="https://a.example/\r\n\r\nWARC/1.1 injected")
    with open_writer(str(path), **fixed) as writer:
        writer.write(clip, Original(b"x", date="not a date\r\nX: y"))
    assert_valid_warc(path)
    records = read_records(path)
    assert [r.type for r in records] == ["warcinfo", "resource", "conversion", "metadata"]
    assert records[1].headers["WARC-Date"] == fixed["clock"]()
    assert records[1].headers["WARC-Target-URI"].startswith("https://a.example/%0D%0A")


def test_none_original_writes_no_original_record(
    tmp_path: Path, make_clipping: Callable[..., Clipping]
) -> None:
    path = tmp_path / "out.warc"
    with open_writer(str(path)) as writer:
        writer.write(make_clipping(1, "x"))
        writer.write(make_clipping(2, "y"), Original(b"y"))
    types = [r.type for r in read_records(path)]
    assert types == ["warcinfo", "conversion", "metadata", "resource", "conversion", "metadata"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    url=st.one_of(st.none(), st.text(min_size=1, max_size=60)),
    payload=st.binary(max_size=200),
    gz=st.booleans(),
)
def test_any_text_url_and_payload_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    make_clipping: Callable[..., Clipping],
    text: str,
    url: str | None,
    payload: bytes,
    gz: bool,
) -> None:
    path = tmp_path_factory.mktemp("prop") / ("out.warc.gz" if gz else "out.warc")
    clip = make_clipping(1, text, url=url)
    with open_writer(str(path)) as writer:
        writer.write(clip, Original(payload))
    assert_valid_warc(path)
    resource, conversion, metadata = read_records(path)[1:]
    assert resource.content == payload
    assert conversion.content == text.encode("utf-8")
    assert Clipping.from_dict(json.loads(metadata.content)) == clip


@pytest.mark.parametrize("name", ["out.warc.gz", "out.jsonl"])
def test_failed_disk_write_drops_the_part(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_clipping: Callable[..., Clipping],
    name: str,
) -> None:
    writer = open_writer(str(tmp_path / name))
    writer.write(make_clipping(1, "x"), Original(HTML))
    handle = writer._parts.current.file  # type: ignore[attr-defined]

    def full(data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handle, "write", full, raising=False)
    with pytest.raises(OutputError, match="No space left"):
        writer.write(make_clipping(2, "y"), Original(HTML))
    with pytest.raises(OutputError, match="closed"):
        writer.write(make_clipping(3, "z"), Original(HTML))
    assert writer.close() == []
    assert files_in(tmp_path) == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=12),
    max_size=st.integers(min_value=500, max_value=8000),
    gz=st.booleans(),
)
def test_rotation_never_loses_or_splits_a_clipping(
    tmp_path_factory: pytest.TempPathFactory,
    make_clipping: Callable[..., Clipping],
    sizes: list[int],
    max_size: int,
    gz: bool,
) -> None:
    directory = tmp_path_factory.mktemp("rot")
    items = [make_clipping(n + 1, "w " * size) for n, size in enumerate(sizes)]
    with open_writer(str(directory / ("o.warc.gz" if gz else "o.warc")), max_size=max_size) as w:
        for clip, size in zip(items, sizes, strict=True):
            w.write(clip, Original(b"<p>" + b"x" * size))
    ids = []
    for part in w.paths:
        records = read_records(part)
        assert [r.type for r in records[:1]] == ["warcinfo"]
        in_part = [json.loads(r.content)["id"] for r in records if r.type == "metadata"]
        assert len(records) == 1 + 3 * len(in_part)
        assert len(in_part) == 1 or Path(part).stat().st_size <= max_size
        ids += in_part
    assert ids == [c.id for c in items]
