"""The Python examples in the docs run as pasted: each fenced block is written to a file and run
in a fresh interpreter, with SITE pointing at a news site served from 127.0.0.1 (no other network)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contrib"))
from newssite import serve, site  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def _blocks(doc: str) -> list[str]:
    return FENCE.findall((ROOT / doc).read_text("utf-8"))


def _run(code: str, cwd: Path, base: str) -> str:
    script = cwd / "example.py"
    script.write_text(code, "utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SITE": base},
    )
    assert done.returncode == 0, f"{code}\n---\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def base() -> object:
    with serve(site(articles=10)) as url:
        yield url


SCRAPERS = _blocks("docs/scrapers.md")


def test_scrapers_md_has_its_examples() -> None:
    assert len(SCRAPERS) == 5


@pytest.mark.parametrize("index", range(len(SCRAPERS)))
def test_scrapers_md_example_runs(index: int, tmp_path: Path, base: str) -> None:
    out = _run(SCRAPERS[index], tmp_path, base)
    code = SCRAPERS[index]
    if "httpx.Client(" in code:
        assert "Story number 0 ('Jane Doe',) 2024-03-01" in out
        assert "3 records, 1 skipped" in out
    elif "aclean_html" in code:
        assert out.count("Story number") == 10
    elif "CleanPool(" in code:
        assert out.splitlines()[0] == "Budget passes"
        assert out.splitlines()[1].startswith("sha256:")
    elif "CrawlerProcess" in code:
        lines = [
            json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()
        ]
        by_url = {line["url"].removeprefix(base): line for line in lines}
        assert len(by_url) == 11  # 10 stories and the PDF (an error); the empty page is dropped
        assert by_url["/story/3.html"]["title"] == "Story number 3"
        assert by_url["/story/3.html"]["authors"] == ["Jane Doe"]
        assert by_url["/report.pdf"]["clipper_error"]["error"] == "BinaryInputError"
    elif "clean_bag" in code:
        assert out.strip() == "20 records; [('https://example.com/empty', 'EmptyInputError')]"
    else:
        pytest.fail("an example this test does not know; say what it must print")


def test_dask_md_bag_example_runs(tmp_path: Path, base: str) -> None:
    (bag_example,) = [b for b in _blocks("docs/dask.md") if "clean_bag" in b]
    page = {"url": "https://example.com/a", "html": "<html><body><article><h1>A story</h1>"
            + "<p>The council passed the budget on Monday after a long debate.</p>" * 10
            + "</article></body></html>"}  # fmt: skip
    (tmp_path / "dump-0.jsonl").write_text(
        json.dumps(page) + "\n" + json.dumps({"html": ""}) + "\n"
    )
    _run(bag_example, tmp_path, base)
    written = sorted(tmp_path.glob("out/clean-*.jsonl"))
    records = [json.loads(line) for f in written for line in f.read_text().splitlines()]
    assert [r["title"] for r in records] == ["A story"]


def test_readme_python_example_runs(tmp_path: Path, base: str) -> None:
    (example,) = _blocks("README.md")
    out = _run(example, tmp_path, base).splitlines()
    assert out[0] == "Budget passes () None"
    assert json.loads(out[1])["source"]["type"] == "html"
    assert out[2] == "https://example.com/empty: the input is empty"


def test_rules_and_repeats_examples_run(tmp_path: Path, base: str) -> None:
    (rules,) = _blocks("docs/rules.md")
    assert "'site.example-quiz'" in _run(rules, tmp_path, base)
    (repeats,) = _blocks("docs/repeats.md")
    out = _run(repeats, tmp_path, base).splitlines()
    assert out[0] == out[1] == "['Copyright Example News', 'Menu', 'Subscribe now']"
    assert out[2].startswith("The council met on Monday to discuss item 0")
