"""Re-cleaning stores new versions: the WARC gains records, the catalogue follows, check and
rebuild agree, a SIGKILL half-way leaves a consistent archive; keep rules beat layout removals."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import clipper
from clipper import Archive
from clipper.serve.lines import ordered_lines, page_lines
from clipper.serve.teach import add_rule

CLIPPER = str(Path(sys.executable).with_name("clipper"))

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bridge closed</title></head>
<body><nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>Bridge over the river closed to lorries</h1>
<p>The old bridge over the river stays closed to lorries until the summer after a survey found cracks, the city said on Monday.</p>
<p>Cars may still cross, but engineers will check every month whether the cracks in the concrete are growing, a spokesman said.</p>
<p>Repairs should start in the autumn and cost about two million euros, the city's planners estimate.</p>
<p>Filed under {n}</p>
</article><footer>Copyright City Paper</footer></body></html>
"""


def _story(i: int) -> str:
    return (
        f"Harbour works reach stage {i}\n"
        f"By Ana Lima\n"
        f"The council said on Tuesday that phase {i} of the harbour works was finished, ahead "
        f"of the plan agreed in {2000 + i}, and that the quay would open to ferries next month.\n"
        "Take today's quiz and win a mug\n"
        f"Residents of district {i} will see the new quay open next month, the mayor told "
        "reporters at the harbour office.\n"
    )


def _metadata_records(folder: Path) -> int:
    db = sqlite3.connect(folder / "catalogue.sqlite")
    try:
        return int(db.execute("SELECT count(*) FROM records WHERE role = 'metadata'").fetchone()[0])
    finally:
        db.close()


def test_keep_rule_beats_layout_removals_in_html_and_text(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    add_rule(str(rules), "Home City", "keep", "city.example")  # html.navigation
    add_rule(str(rules), "Copyright City Paper", "keep", "city.example")  # html.footer
    add_rule(str(rules), "By Ana Lima", "keep", "city.example")  # header.byline
    options = clipper.CleanOptions(site_rules=(str(rules),))
    page = PAGE.format(n="Transport")
    plain = clipper.clean_html(page, url="https://city.example/1")
    gone = {r.text: r.rule for r in plain.removed}
    assert gone["Home City"] == "html.navigation" and gone["Copyright City Paper"] == "html.footer"
    taught = clipper.clean_html(page, url="https://city.example/1", options=options)
    assert taught.text.startswith("Home City\n\n") and taught.text.endswith("Copyright City Paper")
    assert {"Home City", "Copyright City Paper"}.isdisjoint(r.text for r in taught.removed)
    # The rest is as before: the body and the title's removal.
    assert plain.text in taught.text and ("html.title" in (r.rule for r in taught.removed))
    text = clipper.clean_text(_story(1), url="https://city.example/2")
    assert ("header.byline", "By Ana Lima") in [(r.rule, r.text) for r in text.removed]
    kept = clipper.clean_text(_story(1), url="https://city.example/2", options=options)
    assert "By Ana Lima" in kept.text.split("\n\n") and kept.byline == "By Ana Lima"


def test_removed_lines_come_in_the_exact_order_of_a_copy(tmp_path: Path) -> None:
    clip = clipper.clean_text(_story(3), url="https://harbour.example/3")
    ordered = ordered_lines(clip, page_lines(_story(3).encode(), is_html=False))
    assert ordered.exact
    assert [line.text for line in ordered.lines] == _story(3).strip().split("\n")
    html = PAGE.format(n="Transport")
    page = clipper.clean_html(html, url="https://city.example/1")
    placed = ordered_lines(page, page_lines(html.encode(), is_html=True))
    texts = [line.text for line in placed.lines]
    assert not placed.exact
    assert texts[0] == "Home City" and texts[-1] == "Copyright City Paper"
    assert texts.index("Bridge over the river closed to lorries") < texts.index(
        page.text.split("\n\n")[0]
    )


def test_reclean_stores_versions_check_and_rebuild_agree(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"s{i}.txt").write_text(_story(i))
    (pages / "bridge.html").write_text(PAGE.format(n="Transport"))
    folder = tmp_path / "clips"
    with Archive(folder, create=True) as archive:
        for i in range(3):
            archive.add([str(pages / f"s{i}.txt")], url=f"https://harbour.example/{i}", workers=1)
        archive.add([str(pages / "bridge.html")], url="https://city.example/b", workers=1)
        warcs = sorted((folder / "warcs").iterdir())
        sizes = {p: p.stat().st_size for p in warcs}
        add_rule(archive.site_rules_path("harbour.example"), "By Ana Lima", "keep", "x")
        add_rule(archive.site_rules_path("harbour.example"), "Take today's quiz and win a mug",
                 "remove", "x")  # fmt: skip
        ids = list(archive.ids(site="harbour.example"))
        before = {cid: archive.get(cid) for cid in ids}
        result = archive.reclean("harbour.example")
        assert (result.clippings, result.changed, result.written) == (3, 3, 3)
        assert (result.kept_before, result.kept_after) == (9, 9)  # the byline in, the quiz out
        assert result.removed_after.get("site.remove-2") == 3
        for cid in ids:
            now = archive.get(cid)
            assert "By Ana Lima" in now.text and "quiz" not in now.text
            assert now.id == cid and now.url == before[cid].url
            assert [v.current for v in archive.versions(cid)] == [False, True]
            assert archive.versions(cid)[0].clipping.text == before[cid].text
        # The full-text index was told the old values (else it no longer matches its content);
        # the trigram index holds CJK clippings only, so it never matches all of `clippings`.
        for table in ("clippings_fts",):
            archive.db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
        # Search and the removed lines follow the new version.
        assert {h.id for h in archive.search('"win a mug"')} == set()
        assert archive.search("Lima")[0].id in ids
        assert [r.rule for r in archive.removed(ids[0])].count("site.remove-2") == 1
        # Exports give the current version, not the first one stored.
        assert archive.export("jsonl", str(tmp_path / "now.jsonl"), site="harbour.example") == 3
        exported = [json.loads(line) for line in (tmp_path / "now.jsonl").read_text().splitlines()]
        assert {r["id"]: r["text"] for r in exported} == {cid: archive.get(cid).text for cid in ids}
        # Nothing written before the re-clean changed; the other site is untouched.
        for path, size in sizes.items():
            with open(path, "rb") as handle:
                assert len(handle.read(size)) == size
        assert archive.check().ok, archive.check().problems
        current = {cid: archive.get(cid).to_dict() for cid in ids}
        assert archive.rebuild() == 4
        assert {cid: archive.get(cid).to_dict() for cid in ids} == current
        assert archive.search("Lima")[0].id in ids and archive.check().ok
        again = archive.reclean("harbour.example")
        assert (again.changed, again.written) == (0, 0)
    assert _metadata_records(folder) == 4 + 3


def test_sigkill_during_reclean_then_check_passes_and_rerun_completes(tmp_path: Path) -> None:
    from clipper.writers import Original

    n = 240
    folder = tmp_path / "clips"
    with Archive(folder, create=True) as archive:
        made = []
        for i in range(n):
            url = f"https://harbour.example/{i}"
            data = _story(i).encode()
            clip = clipper.clean_text(data, url=url)
            made.append((clip, Original(data, target_uri=url, content_type="text/plain")))
        assert archive.add_clippings(made).added == n
        assert archive.sites() == [("harbour.example", n)]
        add_rule(archive.site_rules_path("harbour.example"), "By Ana Lima", "keep", "x")
    warc = next((folder / "warcs").iterdir())
    start = warc.stat().st_size
    proc = subprocess.Popen(
        [CLIPPER, "archive", "-A", str(folder), "reclean", "--site", "harbour.example"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    killed = False
    while proc.poll() is None and time.monotonic() < deadline:
        if warc.stat().st_size > start:  # the first batch is being appended or was
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.001)
    proc.wait()
    assert killed, "the re-clean finished before it could be killed"
    done = subprocess.run(
        [CLIPPER, "archive", "-A", str(folder), "check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with Archive(folder) as archive:
        stored = sum("By Ana Lima" in archive.get(cid).text for cid in archive.ids())
    assert stored < n
    again = subprocess.run(
        [CLIPPER, "archive", "-A", str(folder), "reclean", "--site", "harbour.example"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert f"stored {n - stored} new versions" in again.stdout, again.stdout
    with Archive(folder) as archive:
        assert all("By Ana Lima" in archive.get(cid).text for cid in archive.ids())
        assert archive.check().ok
    # One new version a clipping, none twice.
    assert _metadata_records(folder) == 2 * n
    assert json.loads((folder / "archive.json").read_text())["format"] == "clipper-archive/1"


def test_a_line_in_both_lists_is_merged_where_it_fits() -> None:
    from clipper.models import Removal

    clip = clipper.clean_text(_story(4)).with_changes(
        text="Share\n\nThe story.", removed=(Removal("promo.share", "Share"),)
    )
    # The first "Share" is kept, the second removed: taking the removed one first fails.
    ordered = ordered_lines(clip, ["Share", "The story.", "Share"])
    assert ordered.exact
    assert [(line.text, line.rule) for line in ordered.lines] == [
        ("Share", None),
        ("The story.", None),
        ("Share", "promo.share"),
    ]


def test_a_version_appended_but_not_catalogued_is_caught_up_on_open(tmp_path: Path) -> None:
    import shutil

    page = tmp_path / "s.txt"
    page.write_text(_story(5))
    folder, other = tmp_path / "a", tmp_path / "b"
    with Archive(folder, create=True) as archive:
        archive.add([str(page)], url="https://harbour.example/5", workers=1)
        add_rule(archive.site_rules_path("harbour.example"), "By Ana Lima", "keep", "x")
        cid = archive.search()[0].id
    shutil.copytree(folder, other)
    warc = next((folder / "warcs").iterdir())
    size = warc.stat().st_size
    with Archive(other) as archive:
        assert archive.reclean("harbour.example").written == 1
    appended = (other / "warcs" / warc.name).read_bytes()[size:]
    # As a re-clean killed after its WARC append and before its catalogue commit:
    with open(warc, "ab") as handle:
        handle.write(appended)
    with Archive(folder) as archive:
        assert "By Ana Lima" in archive.get(cid).text
        assert [v.current for v in archive.versions(cid)] == [False, True]
        assert archive.check().ok
        assert archive.reclean("harbour.example").written == 0
