"""The batch engine: order, dedup, rotation, errors, timeouts, WARC and JSONL inputs, resume."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clipper.batch import BatchConfig, Output, run
from clipper.errors import ConfigError
from clipper.models import CleanOptions


def story(i: int) -> str:
    return (
        f"Harbour works reach stage {i}\n\n"
        f"The council said on Tuesday that phase {i} of the harbour works was finished, "
        f"ahead of the plan agreed in {2000 + i}.\n\n"
        f"Residents of district {i} will see the new quay open next month, the mayor said.\n"
    )


def slow_text() -> str:
    """A clipping that takes about 3 s of CPU (14 MB, under the 20 MB cap), against a few ms for a
    story: far apart even on a fast or busy machine. Every line differs, so no cache of repeated
    lines shortens it."""
    return "".join(story(i) for i in range(60_000))


def make_texts(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"p{i:03d}.txt"
        # Some inputs are much longer, so that workers finish out of order.
        path.write_text(story(i) + ("\nMore detail on the works.\n" * 200 if i % 7 == 3 else ""))
        paths.append(path)
    return paths


def jsonl_records(path: Path) -> list[dict[str, Any]]:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def warc_records(path: Path) -> list[Any]:
    with open(path, "rb") as handle:
        return [
            (r.rec_type, dict(r.rec_headers.headers), r.content_stream().read())
            for r in ArchiveIterator(handle)
        ]


def warcio_check(*paths: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("warcio")), "check", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def config(inputs: list[Path] | list[str], out: Path, **kw: Any) -> BatchConfig:
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return BatchConfig(inputs=tuple(str(i) for i in inputs), output=str(out), **kw)


def test_records_come_out_in_input_order(tmp_path: Path) -> None:
    paths = make_texts(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    summary = run(config([tmp_path / "in"], out))
    records = jsonl_records(out)
    assert [r["source"]["path"] for r in records] == [str(p) for p in paths]
    assert summary.inputs == summary.records == 30 and summary.errors == 0
    # Same inputs, one worker: byte-identical output (runs are reproducible).
    again = tmp_path / "again.jsonl"
    run(config([tmp_path / "in"], again, workers=1))
    assert again.read_bytes() == out.read_bytes()


def test_duplicates_are_marked_and_become_revisits(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story(1))
    (folder / "b.txt").write_text(story(2))
    # Other bytes (so another id), same clean text.
    (folder / "c.txt").write_text(story(1) + "\n\n\n")
    out = tmp_path / "out.warc.gz"
    summary = run(config([folder], out))
    assert summary.duplicates == 1
    warcio_check(out)
    records = warc_records(out)
    metas = [json.loads(body) for kind, _, body in records if kind == "metadata"]
    assert metas[0]["duplicate_of"] is None and metas[1]["duplicate_of"] is None
    assert metas[2]["duplicate_of"] == metas[0]["id"] != metas[2]["id"]
    revisits = [headers for kind, headers, _ in records if kind == "revisit"]
    assert len(revisits) == 1
    assert [kind for kind, _, _ in records].count("conversion") == 2


def test_rotation_into_numbered_parts_each_valid(tmp_path: Path) -> None:
    make_texts(tmp_path / "in", 12)
    # Uncompressed, so that the size limit is checked on the bytes as written.
    out = tmp_path / "out.warc"
    summary = run(config([tmp_path / "in"], out, max_size=9000))
    parts = sorted(tmp_path.glob("out-*.warc"))
    assert [Path(p) for p in summary.outputs] == parts and len(parts) >= 3
    assert not out.exists()
    seen = []
    warcio_check(*parts)
    for part in parts:
        records = warc_records(part)
        assert records[0][0] == "warcinfo"
        metas = [json.loads(body) for kind, _, body in records if kind == "metadata"]
        # Within the limit, unless one clipping alone is larger.
        assert part.stat().st_size <= 9000 or len(metas) == 1
        seen += [meta["source"]["path"] for meta in metas]
    assert len(seen) == 12 == len(set(seen))
    # A second, smaller run with --force leaves no part of the first behind.
    run(config([tmp_path / "in" / "p000.txt"], out, max_size=9000, force=True))
    assert sorted(tmp_path.glob("out-*.warc")) == [tmp_path / "out-00000.warc"]


def test_errors_are_counted_and_written_and_inputs_add_up(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_texts(folder, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"%PDF-1.7 \x00\x01\x02" * 50)
    out = tmp_path / "out.jsonl"
    summary = run(config([folder, tmp_path / "missing.html"], out))
    assert (summary.inputs, summary.records, summary.errors) == (6, 3, 3)
    assert summary.inputs == summary.records + summary.errors + summary.skipped_total
    lines = [
        json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()
    ]
    kinds = {Path(line["source"]).name: line["error"] for line in lines}
    assert kinds == {
        "binary.html": "BinaryInputError",
        "empty.txt": "EmptyInputError",
        "missing.html": "InputNotFoundError",
    }
    assert len(jsonl_records(out)) == 3


def test_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    make_texts(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    from clipper.errors import OutputError

    with pytest.raises(OutputError, match="already exists"):
        run(config([tmp_path / "in"], out))
    assert out.read_text() == "old\n"


def _response(writer: WARCWriter, url: str, body: bytes) -> Any:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers
    )


def test_warc_with_a_corrupt_record_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for i in range(5):
            page = (
                f"<html><body><article><h1>Works {i}</h1><p>{story(i)}</p></article></body></html>"
            )
            writer.write_record(_response(writer, f"http://example.com/{i}", page.encode()))
    data = bytearray(path.read_bytes())
    third = data.find(b"WARC/1", data.find(b"example.com/2") - 400)
    length_at = data.find(b"Content-Length: ", third)
    end = data.find(b"\r\n", length_at)
    data[length_at:end] = b"Content-Length: " + str(int(data[length_at + 16 : end]) - 9).encode()
    path.write_bytes(bytes(data))
    out = tmp_path / "out.warc.gz"
    summary = run(config([path], out))
    assert summary.errors == 1 and summary.records == 4
    warcio_check(out)
    urls = [json.loads(b)["url"] for k, _, b in warc_records(out) if k == "metadata"]
    assert urls == [f"http://example.com/{i}" for i in (0, 1, 3, 4)]
    # The original response records are copied as they were.
    responses = [h for k, h, _ in warc_records(out) if k == "response"]
    assert len(responses) == 4
    (line,) = (tmp_path / "out.warc.gz.errors.jsonl").read_text().splitlines()
    assert json.loads(line)["error"] == "CorruptInputError"


def test_jsonl_input_keeps_extra_keys_and_url(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [{"text": story(i), "url": f"http://a/{i}", "crawl_id": i} for i in range(3)]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    run(config([dump], out))
    records = jsonl_records(out)
    assert [r["url"] for r in records] == ["http://a/0", "http://a/1", "http://a/2"]
    assert [r["extra"] for r in records] == [{"crawl_id": 0}, {"crawl_id": 1}, {"crawl_id": 2}]
    assert all(r["source"]["type"] == "jsonl" for r in records)


def test_a_slow_input_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = make_texts(tmp_path / "in", 2)[0].parent
    (folder / "p001.txt").write_text(slow_text())
    out = tmp_path / "out.jsonl"
    summary = run(config([folder], out, timeout=0.5))
    assert summary.records == 1 and summary.errors == 1
    assert summary.first_errors[0][1] == "CleanTimeoutError"


def test_resume_keeps_committed_parts_and_redoes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_texts(tmp_path / "in", 12)
    out = tmp_path / "out.jsonl"
    cfg = config([tmp_path / "in"], out, max_size=3000)
    calls = {"n": 0}
    real_add = Output.add

    def crash_after_eight(self: Output, item: Any, outcome: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 9:
            raise KeyboardInterrupt
        real_add(self, item, outcome)

    monkeypatch.setattr(Output, "add", crash_after_eight)
    with pytest.raises(KeyboardInterrupt):
        run(cfg)
    monkeypatch.setattr(Output, "add", real_add)
    manifest = json.loads((tmp_path / "out.jsonl.manifest.json").read_text())
    assert manifest["status"] == "running"
    kept = {p["path"]: Path(p["path"]).stat().st_mtime_ns for p in manifest["parts"]}
    assert kept and manifest["done"]["inputs"] < 9
    summary = run(replace_config(cfg, resume=True))
    assert summary.resumed == manifest["done"]["inputs"]
    assert {p: Path(p).stat().st_mtime_ns for p in kept} == kept
    paths = [r["source"]["path"] for part in summary.outputs for r in jsonl_records(Path(part))]
    assert sorted(paths) == sorted(str(p) for p in (tmp_path / "in").iterdir())
    assert len(paths) == 12 == len(set(paths))
    assert not list(tmp_path.glob(".*.tmp"))


def replace_config(cfg: BatchConfig, **changes: Any) -> BatchConfig:
    from dataclasses import replace

    return replace(cfg, **changes)


def test_options_reach_the_pipeline(tmp_path: Path) -> None:
    make_texts(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    summary = run(config([tmp_path / "in"], out, options=CleanOptions(max_bytes=100)))
    assert summary.errors == 2 and summary.first_errors[0][1] == "InputTooLargeError"


def test_own_output_parts_are_not_read_back_as_input(tmp_path: Path) -> None:
    make_texts(tmp_path, 4)
    out = tmp_path / "out.jsonl"
    run(config([tmp_path / "*"], out, max_size=400))
    assert len(list(tmp_path.glob("out-*.jsonl"))) > 1
    summary = run(config([tmp_path / "*"], out, max_size=400, force=True))
    assert summary.inputs == 4 and summary.errors == 0


def test_progress_bar_reports_pages_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_texts(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")
    run(config([tmp_path / "in"], tmp_path / "out.jsonl", progress=True, workers=1))
    err = capsys.readouterr().err
    assert "pages/s" in err and "4 pages" in err and "1 error" in err
    assert "1 errors" not in err


def test_duplicate_in_a_later_part_is_a_revisit_of_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story(1))
    for n in range(2, 7):
        (folder / f"b{n}.txt").write_text(story(n))
    # Other bytes, same clean text as a.txt, sorted last: it lands in a later part.
    (folder / "z.txt").write_text(story(1) + "\n\n\n")
    out = tmp_path / "out.warc"
    summary = run(config([folder], out, max_size=6000))
    parts = sorted(tmp_path.glob("out-*.warc"))
    assert len(parts) >= 2 and summary.duplicates == 1
    warcio_check(*parts)
    first = warc_records(parts[0])
    last = warc_records(parts[-1])
    conversion_ids = {h["WARC-Record-ID"] for kind, h, _ in first if kind == "conversion"}
    revisits = [h for kind, h, _ in last if kind == "revisit"]
    assert len(revisits) == 1
    assert revisits[0]["WARC-Refers-To"] in conversion_ids


def test_after_resume_a_duplicate_of_an_earlier_part_is_still_a_revisit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story(1))
    for n in range(2, 9):
        (folder / f"b{n}.txt").write_text(story(n))
    (folder / "z.txt").write_text(story(1) + "\n\n\n")  # same clean text as a.txt, sorted last
    out = tmp_path / "out.warc"
    cfg = config([folder], out, max_size=6000, workers=1)
    real_add = Output.add

    def crash_before_z(self: Output, item: Any, outcome: Any) -> None:
        if item.source.path.endswith("z.txt"):
            raise KeyboardInterrupt
        real_add(self, item, outcome)

    monkeypatch.setattr(Output, "add", crash_before_z)
    with pytest.raises(KeyboardInterrupt):
        run(cfg)
    monkeypatch.setattr(Output, "add", real_add)
    first_part = sorted(tmp_path.glob("out-*.warc"))[0]
    conversion_ids = {
        h["WARC-Record-ID"] for kind, h, _ in warc_records(first_part) if kind == "conversion"
    }
    summary = run(replace_config(cfg, resume=True))
    assert summary.resumed > 0 and summary.duplicates == 1
    parts = [Path(p) for p in summary.outputs]
    warcio_check(*parts)
    revisits = [h for p in parts for kind, h, _ in warc_records(p) if kind == "revisit"]
    assert len(revisits) == 1
    assert revisits[0]["WARC-Refers-To"] in conversion_ids


def test_timeout_holds_outside_the_main_thread_as_in_a_dask_task() -> None:
    import threading

    from clipper.batch import clean_in_thread
    from clipper.readers.files import page_item

    slow = page_item("slow.txt", slow_text().encode())
    fast = page_item("fast.txt", story(1).encode())
    got: dict[str, Any] = {}

    def task() -> None:  # what a Dask worker thread runs
        got["slow"] = clean_in_thread(slow, CleanOptions(), 0.2)
        got["fast"] = clean_in_thread(fast, CleanOptions(), 5.0)

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(30)
    assert type(got["slow"]).__name__ == "CleanTimeoutError" and "slow.txt" in str(got["slow"])
    assert got["fast"].text.startswith("The council said")


def test_resume_refuses_a_rules_file_changed_since_the_run(tmp_path: Path) -> None:
    make_texts(tmp_path / "in", 3)
    rules = tmp_path / "rules.json"
    rules.write_text('[{"name": "promo", "pattern": "^Sponsored$"}]')
    out = tmp_path / "out.jsonl"
    cfg = config([tmp_path / "in"], out, options=CleanOptions(site_rules=(str(rules),)))
    assert run(cfg).records == 3
    # The same file: --resume finds the run done.
    assert run(replace_config(cfg, resume=True)).resumed == 3
    # Same path, other rules: the rest would be cleaned differently.
    rules.write_text('[{"name": "promo", "pattern": "^Advertisement$"}]')
    with pytest.raises(ConfigError, match="other inputs, settings or rule files"):
        run(replace_config(cfg, resume=True))


def test_resume_refuses_rules_that_differ_only_in_keep(tmp_path: Path) -> None:
    import re

    from clipper.models import SiteRule, SiteRules

    make_texts(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    pattern = re.compile(r"^Residents of district \d+")

    def rules(keep: bool) -> CleanOptions:
        return CleanOptions(rules=SiteRules(rules=(SiteRule("site.x", pattern, 500, keep),)))

    cfg = config([tmp_path / "in"], out, options=rules(False))
    assert run(cfg).records == 3
    assert run(replace_config(cfg, resume=True, options=rules(False))).resumed == 3
    # The same rule turned into a keep rule: the records made with it would be stale.
    with pytest.raises(ConfigError, match="other inputs, settings or rule files"):
        run(replace_config(cfg, resume=True, options=rules(True)))


def test_cleaning_clippers_own_warc_keeps_the_original_url(tmp_path: Path) -> None:
    # Pages with a URL (a canonical link) and without one, cleaned to WARC, then that WARC cleaned
    # again: the originals are the same bytes, so the same ids and URLs come back; a page whose
    # URL nobody knew stays without one (not the urn:clipper: name its resource record carries).
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(story(1))
    canonical = "<link rel='canonical' href='https://example.com/works/2'>"
    (tmp_path / "in" / "b.html").write_text(
        f"<html><head>{canonical}</head><body><article><h1>Works 2</h1>"
        + "".join(f"<p>{line}</p>" for line in story(2).splitlines()[2:] if line)
        + "</article></body></html>"
    )
    first, second = tmp_path / "first.warc", tmp_path / "second.jsonl"
    run(config([tmp_path / "in"], first, workers=1))
    targets = [h.get("WARC-Target-URI") for kind, h, _ in warc_records(first) if kind == "resource"]
    assert sorted(targets, key=str)[0] == "https://example.com/works/2"
    assert sorted(targets, key=str)[1].startswith("urn:clipper:sha256:")
    run(config([first], second, workers=1))
    meta = [json.loads(body) for kind, _, body in warc_records(first) if kind == "metadata"]
    again = {r["id"]: r["url"] for r in jsonl_records(second)}
    assert again == {r["id"]: r["url"] for r in meta}
    assert sorted(again.values(), key=str) == [None, "https://example.com/works/2"]
