"""A WARC body is decoded in the worker, under --timeout: a bomb costs its input, not the parent."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clipper.batch import clean_with_timeout
from clipper.errors import CleanTimeoutError
from clipper.models import DEFAULT_OPTIONS, Clipping
from clipper.readers.warc import iter_warc

PAGE = (
    b"<html><head><title>Next</title></head><body><article><h1>Next</h1>"
    + b"<p>The next page is cleaned, whatever the record before it held.</p>" * 3
    + b"</article></body></html>"
)
BOMB_MIB = 160

# Runs the batch in a process of its own and prints how much the parent's peak RSS grew.
RUN = """
import json, resource, sys
from clipper.batch import BatchConfig, run
from clipper.models import CleanOptions
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
summary = run(BatchConfig(inputs=(sys.argv[1],), output=sys.argv[2], workers=2,
                          options=CleanOptions(max_bytes=128 << 20), progress=False))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": summary.records, "errors": summary.errors,
                  "grew_kib": after - before}))
"""


def _gzip_bomb(mib: int) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(mib)) + packer.flush()


def _chunked(data: bytes, size: int = 1 << 16) -> bytes:
    parts = (
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size])
        for i in range(0, len(data), size)
    )
    return b"".join(parts) + b"0\r\n\r\n"


def _response(writer: WARCWriter, url: str, body: bytes, extra: list[tuple[str, str]]) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )


def _bomb_warc(tmp_path: Path) -> tuple[Path, int]:
    """A WARC of a chunked, gzipped 160 MiB response and then a good one (at the offset)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    coded = [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    _response(writer, "http://bomb.test/", _chunked(_gzip_bomb(BOMB_MIB)), coded)
    offset = len(buf.getvalue())
    _response(writer, "http://next.test/", _chunked(PAGE), [("Transfer-Encoding", "chunked")])
    warc = tmp_path / "in.warc"
    warc.write_bytes(buf.getvalue())
    return warc, offset


def test_a_decoding_bomb_is_its_inputs_error_line_and_the_parent_stays_small(
    tmp_path: Path,
) -> None:
    warc, offset = _bomb_warc(tmp_path)
    out = tmp_path / "out.jsonl"

    done = subprocess.run(
        [sys.executable, "-c", RUN, str(warc), str(out)],
        capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    got = json.loads(done.stdout.strip().splitlines()[-1])

    assert (got["records"], got["errors"]) == (1, 1)
    # Decoding ran in the worker: the parent grows by about 64 MiB on any batch (warming up the
    # cleaner), by 195 MiB on this one when it decoded WARC bodies itself (the 128 MiB the
    # decoder holds before it stops at --max-bytes, on top).
    assert got["grew_kib"] < 112 * 1024, got
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert [(e["source"], e["error"]) for e in errors] == [(f"{warc}@0", "InputTooLargeError")]
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["url"] == "http://next.test/" and "next page is cleaned" in record["text"]
    assert record["source"]["offset"] == offset


def test_decoding_counts_against_the_cpu_timeout(tmp_path: Path) -> None:
    warc, _ = _bomb_warc(tmp_path)
    bomb, good = iter_warc(str(warc), 1 << 30)
    assert bomb.coding is not None and len(bomb.payload) < (BOMB_MIB << 20) // 100
    outcome = clean_with_timeout(bomb, DEFAULT_OPTIONS, 0.02)
    assert isinstance(outcome, CleanTimeoutError), outcome
    clipping = clean_with_timeout(good, DEFAULT_OPTIONS, 30)
    assert isinstance(clipping, Clipping) and "next page is cleaned" in clipping.text
