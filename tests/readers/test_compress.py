"""Capped gzip and Content-Encoding decompression: round trips, bombs, broken streams."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest

from clipper.errors import ClipperError, CorruptInputError, InputTooLargeError
from clipper.readers import compress
from clipper.readers.compress import decode_content_encoding, gunzip_capped

PAGE = ("<p>Seoul stocks rose 1.2% on Tuesday as chipmakers rallied.</p>\n" * 200).encode()


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def test_gunzip_round_trip() -> None:
    assert gunzip_capped(gzip.compress(PAGE), 10 * len(PAGE)) == PAGE


def test_gunzip_exact_limit_is_allowed_one_more_byte_is_not() -> None:
    packed = gzip.compress(PAGE)
    assert gunzip_capped(packed, len(PAGE)) == PAGE
    with pytest.raises(InputTooLargeError):
        gunzip_capped(packed, len(PAGE) - 1)


def test_gunzip_multi_member() -> None:
    packed = gzip.compress(b"first half. ") + gzip.compress(b"second half.")
    assert gunzip_capped(packed, 1000) == b"first half. second half."


def test_gunzip_many_small_members() -> None:
    parts = [f"part {i}\n".encode() for i in range(500)]
    packed = b"".join(gzip.compress(p) for p in parts)
    assert gunzip_capped(packed, 100_000) == b"".join(parts)


def test_gunzip_trailing_zero_padding_is_accepted() -> None:
    # Tape and block devices pad gzip files with zeros; gzip(1) ignores them.
    assert gunzip_capped(gzip.compress(PAGE) + b"\x00" * 512, len(PAGE)) == PAGE


def test_gunzip_trailing_garbage_is_corrupt() -> None:
    with pytest.raises(CorruptInputError, match="garbage"):
        gunzip_capped(gzip.compress(PAGE) + b"not gzip", len(PAGE) * 2)


def test_gzip_bomb_stops_at_the_limit_without_building_the_output() -> None:
    bomb = gzip.compress(b"\x00" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    with pytest.raises(InputTooLargeError, match="limit") as info:
        gunzip_capped(bomb, 1024 * 1024, "bomb.html.gz")
    assert info.value.source == "bomb.html.gz"
    assert "bomb.html.gz" in str(info.value)


def test_bomb_in_a_later_member_is_caught() -> None:
    packed = gzip.compress(b"ok " * 10) + gzip.compress(b"\x00" * (8 * 1024 * 1024))
    with pytest.raises(InputTooLargeError):
        gunzip_capped(packed, 1024 * 1024)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_gzip_is_corrupt(keep: float) -> None:
    packed = gzip.compress(PAGE)
    cut = packed[: max(11, int(len(packed) * keep))]
    with pytest.raises(CorruptInputError, match="truncated|corrupt") as info:
        gunzip_capped(cut, 10 * len(PAGE), "cut.gz")
    assert info.value.source == "cut.gz"


def test_gzip_missing_only_its_trailer_is_truncated() -> None:
    packed = gzip.compress(PAGE)
    with pytest.raises(CorruptInputError, match="truncated"):
        gunzip_capped(packed[:-8], 10 * len(PAGE))


def test_gzip_bad_crc_is_corrupt() -> None:
    packed = bytearray(gzip.compress(PAGE))
    packed[-8] ^= 0xFF
    with pytest.raises(CorruptInputError, match="corrupt"):
        gunzip_capped(bytes(packed), 10 * len(PAGE))


def test_flipped_byte_in_the_body_is_corrupt_not_a_crash() -> None:
    packed = gzip.compress(PAGE)
    for i in range(10, len(packed) - 8, 7):
        broken = bytearray(packed)
        broken[i] ^= 0x55
        try:
            out = gunzip_capped(bytes(broken), 10 * len(PAGE))
        except CorruptInputError:
            continue
        # A flip may still inflate (into other bytes); the CRC then must have caught it.
        pytest.fail(f"flip at {i} gave {len(out)} bytes without an error")


def test_not_gzip_and_empty() -> None:
    with pytest.raises(CorruptInputError, match="not gzip"):
        gunzip_capped(b"<html>plain</html>", 1000)
    with pytest.raises(CorruptInputError, match="empty"):
        gunzip_capped(b"", 1000)


def test_gzip_module_files_with_a_filename_header() -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="page.html", mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(PAGE)
    assert gunzip_capped(buffer.getvalue(), len(PAGE)) == PAGE


@pytest.mark.parametrize("label", ["gzip", "x-gzip", "GZIP", " gzip "])
def test_content_encoding_gzip(label: str) -> None:
    assert decode_content_encoding(gzip.compress(PAGE), label, len(PAGE)) == PAGE


def test_content_encoding_deflate_zlib_wrapped() -> None:
    assert decode_content_encoding(zlib.compress(PAGE), "deflate", len(PAGE)) == PAGE


def test_content_encoding_deflate_raw() -> None:
    assert decode_content_encoding(_raw_deflate(PAGE), "deflate", len(PAGE)) == PAGE


def test_content_encoding_deflate_bomb_both_forms() -> None:
    zeros = b"\x00" * (16 * 1024 * 1024)
    for packed in (zlib.compress(zeros, 9), _raw_deflate(zeros)):
        with pytest.raises(InputTooLargeError):
            decode_content_encoding(packed, "deflate", 1024 * 1024, "r.warc#3")


def test_content_encoding_deflate_garbage_is_corrupt() -> None:
    with pytest.raises(CorruptInputError, match="deflate"):
        decode_content_encoding(b"\xff\xfe\xfd not deflate at all", "deflate", 1000)


@pytest.mark.parametrize("label", [None, "", "identity", "Identity"])
def test_content_encoding_identity(label: str | None) -> None:
    assert decode_content_encoding(PAGE, label, len(PAGE)) == PAGE


def test_content_encoding_stacked_is_undone_in_reverse() -> None:
    stacked = gzip.compress(zlib.compress(PAGE))
    assert decode_content_encoding(stacked, "deflate, gzip", len(PAGE) * 2) == PAGE


def test_content_encoding_unknown_is_an_error() -> None:
    with pytest.raises(CorruptInputError, match="compress"):
        decode_content_encoding(b"\x1f\x9d\x90", "compress", 1000, "x")


def test_content_encoding_empty_body_stays_empty() -> None:
    assert decode_content_encoding(b"", "gzip", 1000) == b""


def test_brotli_without_a_decoder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compress, "_brotli_module", lambda: None)
    with pytest.raises(CorruptInputError, match="brotli") as info:
        decode_content_encoding(b"\x8b\x02\x80hello\x03", "br", 1000, "page#7")
    assert info.value.source == "page#7"


def test_brotli_round_trip_and_bomb_when_installed() -> None:
    brotli = pytest.importorskip("brotli")
    assert decode_content_encoding(brotli.compress(PAGE), "br", len(PAGE)) == PAGE
    # 256 MB of zeros packs into a few hundred bytes; the cap must stop it early.
    packer = brotli.Compressor(quality=1)
    megabyte = b"\x00" * (1024 * 1024)
    bomb = b"".join(packer.process(megabyte) for _ in range(256)) + packer.finish()
    with pytest.raises(InputTooLargeError):
        decode_content_encoding(bomb, "br", 1024 * 1024)
    with pytest.raises(CorruptInputError):
        decode_content_encoding(brotli.compress(PAGE)[:-5], "br", len(PAGE))


def test_errors_are_clipper_errors() -> None:
    for bad in (b"\x1f\x8b\x08\x00garbage", gzip.compress(PAGE)[:30]):
        with pytest.raises(ClipperError):
            gunzip_capped(bad, 1000)


def test_a_bomb_peaks_near_the_limit_not_at_its_size() -> None:
    import tracemalloc

    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    megabyte = b"\x00" * (1024 * 1024)
    bomb = b"".join(packer.compress(megabyte) for _ in range(64)) + packer.flush()
    limit = 8 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError):
            gunzip_capped(bomb, limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * limit, f"peak {peak} bytes for an {limit}-byte limit"
