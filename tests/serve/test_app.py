"""The review app without a browser: keep rules, the rules file, reclean, host and password."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import clipper
from clipper import Archive
from clipper.errors import ConfigError
from clipper.serve import check_host, create_app
from clipper.serve.teach import add_rule, pattern_for

CLIPPER = str(Path(sys.executable).with_name("clipper"))
STORY = (
    "Harbour reopens after storm\n"
    "The harbour reopened on Monday after a week of storms, the port authority said at the quay.\n"
    "Take today's quiz and win 3 mugs\n"
    "Ferries run on the winter timetable until March, a spokesman for the operator added.\n"
    "Share on Facebook\n"
)


def test_pattern_for_matches_lines_like_this_one() -> None:
    pattern = re.compile(pattern_for("Take today's quiz and win 3 mugs (Part 2)"), re.I)
    assert pattern.search("Take today's quiz and win 12 mugs (Part 7)")
    assert not pattern.search("Take today's quiz and win 3 mugs (Part 2) now")
    assert not pattern.search("Take todays quiz and win 3 mugs (Part 2)")


def test_keep_and_remove_rules_change_the_cleaning(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "harbour.example.json"
    plain = clipper.clean_text(STORY, url="https://harbour.example/1")
    assert "Share on Facebook" in [r.text for r in plain.removed]
    assert "quiz" in plain.text
    add_rule(str(rules), "Share on Facebook", "keep", "harbour.example")
    add_rule(str(rules), "Take today's quiz and win 3 mugs", "remove", "harbour.example")
    add_rule(str(rules), "Share on Facebook", "keep", "harbour.example")  # not twice
    data = json.loads(rules.read_text())
    assert [(r["name"], r["action"]) for r in data] == [("keep-1", "keep"), ("remove-2", "remove")]
    options = clipper.CleanOptions(site_rules=(str(rules),))
    taught = clipper.clean_text(STORY, url="https://harbour.example/1", options=options)
    assert "Share on Facebook" in taught.text
    assert ("site.remove-2", "Take today's quiz and win 3 mugs") in [
        (r.rule, r.text) for r in taught.removed
    ]


def test_a_bad_action_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": "x", "pattern": "x", "action": "drop"}]))
    with pytest.raises(clipper.ClipperError, match="action") as info:
        clipper.clean_text(STORY, options=clipper.CleanOptions(site_rules=(str(bad),)))
    assert str(bad) in str(info.value)


def test_reclean_command_previews_then_stores(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(STORY)
    folder = tmp_path / "clips"
    with Archive(folder, create=True) as archive:
        archive.add([str(page)], url="https://www.harbour.example/1", workers=1)
        rules = archive.site_rules_path("www.harbour.example")
    add_rule(rules, "Share on Facebook", "keep", "harbour.example")
    command = [CLIPPER, "archive", "-A", str(folder), "reclean", "--site", "harbour.example"]
    done = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "clippings 1, changed 1, dry run, nothing stored" in done.stdout
    assert re.search(r"promo\.share\t1 -> 0", done.stdout), done.stdout
    assert re.search(r"kept lines 3 -> 4; removed lines 2 -> 1", done.stdout), done.stdout
    with Archive(folder) as archive:  # a dry run changes nothing
        assert "Share on Facebook" not in archive.get(archive.search()[0].id).text
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "clippings 1, changed 1, stored 1 new versions" in done.stdout
    with Archive(folder) as archive:
        cid = archive.search()[0].id
        assert "Share on Facebook" in archive.get(cid).text
    shown = subprocess.run(
        [CLIPPER, "archive", "-A", str(folder), "show", cid, "--versions"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    first, second = (json.loads(line) for line in shown.stdout.splitlines())
    assert (first["current"], second["current"]) == (False, True)
    assert second["supersedes"] == first["record_id"]
    assert "Share on Facebook" not in first["record"]["text"]
    assert "Share on Facebook" in second["record"]["text"]


def test_other_hosts_need_a_password(tmp_path: Path) -> None:
    check_host("127.0.0.1", None)
    check_host("::1", None)
    check_host("localhost", None)
    with pytest.raises(ConfigError, match="give a password"):
        check_host("0.0.0.0", None)
    check_host("0.0.0.0", "s3cret")
    done = subprocess.run(
        [CLIPPER, "archive", "-A", str(tmp_path), "serve", "--host", "192.0.2.1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    # A usage error (exit 2), refused before anything claims to be served.
    assert done.returncode == 2 and "--password" in done.stderr
    assert "serving" not in done.stderr.split("Error")[0]


def test_password_guards_every_page(tmp_path: Path) -> None:
    Archive(tmp_path / "clips", create=True).close()
    client = create_app(str(tmp_path / "clips"), password="s3cret").test_client()
    assert client.get("/").status_code == 401
    wrong = base64.b64encode(b"me:nope").decode()
    assert client.get("/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"me:s3cret").decode()
    page = client.get("/", headers={"Authorization": f"Basic {right}"})
    assert (
        page.status_code == 200 and "default-src 'none'" in page.headers["Content-Security-Policy"]
    )


def test_not_an_archive_is_named(tmp_path: Path) -> None:
    with pytest.raises(clipper.ClipperError, match="not an archive|does not exist"):
        create_app(str(tmp_path))
