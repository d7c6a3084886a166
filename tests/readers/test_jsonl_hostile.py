"""JSONL reading without bounds problems: newline floods, error floods, NaN, deep nesting."""

from __future__ import annotations

import gzip
import json
import resource
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from clipper import clean_html
from clipper.readers.errorcap import MAX_ERRORS_PER_FILE
from clipper.readers.jsonl import iter_jsonl

PAGE = (
    "<html><body><p>A paragraph long enough to be an article, with words in it.</p></body></html>"
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_a_gzip_of_newlines_is_read_in_blocks(tmp_path: Path) -> None:
    # 64 MiB of newlines in a 65 KB .jsonl.gz took 28 s, one readline() a newline.
    path = tmp_path / "blank.jsonl.gz"
    line = json.dumps({"html": PAGE}).encode()
    path.write_bytes(gzip.compress(b"\n" * (64 << 20) + line + b"\n", compresslevel=9))
    began = _cpu()
    items = list(iter_jsonl(str(path), 10**6))
    assert _cpu() - began < 10, "reading blank lines is not block by block"
    assert [i.content for i in items] == [PAGE]
    assert items[0].source.offset == 64 << 20


@settings(max_examples=15, deadline=None, database=None)
@given(bad=st.integers(0, 3 * MAX_ERRORS_PER_FILE), good=st.integers(0, 3))
def test_errors_per_file_are_capped_with_one_summary(bad: int, good: int) -> None:
    import tempfile

    lines = ["{}"] * bad + [json.dumps({"text": f"line {i}"}) for i in range(good)]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "x.jsonl.gz"
        path.write_bytes(gzip.compress("\n".join(lines).encode()))
        items = list(iter_jsonl(str(path), 10**6))
    errors = [i for i in items if i.error is not None]
    assert [i.content for i in items if i.content] == [f"line {i}" for i in range(good)]
    if bad <= MAX_ERRORS_PER_FILE:
        assert len(errors) == bad
    else:
        assert len(errors) == MAX_ERRORS_PER_FILE + 1
        assert str(bad - MAX_ERRORS_PER_FILE) in str(errors[-1].error)


@settings(max_examples=20, deadline=None, database=None)
@given(
    value=st.recursive(
        st.one_of(st.floats(), st.integers(), st.text(max_size=5), st.none()),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=8,
    )
)
def test_records_are_strict_json_whatever_the_numbers(value: object) -> None:
    # NaN and infinities, from a JSONL line or a caller's extra, are written as null.
    record = clean_html(PAGE).with_changes(extra={"x": value})
    line = record.to_json()

    def refuse(token: str) -> None:
        raise ValueError(token)

    json.loads(line, parse_constant=refuse)


def test_nan_in_a_jsonl_line_is_read_as_null_and_deep_nesting_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        '{"html": "'
        + PAGE
        + '", "score": NaN, "w": -Infinity}\n'
        + '{"html": "x", "d": '
        + deep
        + "}\n"
    )
    first, second = list(iter_jsonl(str(path), 10**7))
    assert first.extra == {"score": None, "w": None}
    assert second.error is not None and "not valid JSON" in str(second.error)
