"""The Dask path on a two-process LocalCluster: one part per partition, a manifest, clean_bag."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clipper.batch import BatchConfig
from clipper.models import Clipping

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")

STORY = (
    "Library opens late on Thursdays {i}\n\n"
    "The central library will stay open until nine on Thursdays from May, branch {i} said.\n\n"
    "Staff numbers for the evening shift {i} have been agreed with the union.\n"
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_partitions_become_parts_listed_in_a_manifest(tmp_path: Path, client: Any) -> None:
    from clipper.batch.dask import run_dask

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(8):
        (folder / f"n{i}.txt").write_text(STORY.format(i=i))
    (folder / "empty.txt").write_text("")
    out = tmp_path / "out.jsonl"
    config = BatchConfig(inputs=(str(folder),), output=str(out), scheduler="local", partitions=3)
    summary = run_dask(config, client)
    assert (summary.inputs, summary.records, summary.errors) == (9, 8, 1)
    manifest = json.loads((tmp_path / "out.jsonl.manifest.json").read_text())
    assert manifest["status"] == "done" and len(manifest["parts"]) == 3
    parts = [Path(p["path"]) for p in manifest["parts"]]
    assert parts == sorted(tmp_path.glob("out-*.jsonl"))
    sources = [
        Path(json.loads(line)["source"]["path"]).name
        for part in parts
        for line in part.read_text().splitlines()
    ]
    # Partitions are contiguous, so the parts read in order give the inputs in order.
    assert sources == [f"n{i}.txt" for i in range(8)]
    errors = (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()
    assert [json.loads(e)["error"] for e in errors] == ["EmptyInputError"]


def test_clean_bag(client: Any) -> None:
    from clipper.batch.dask import PageError, clean_bag

    pages = [
        STORY.format(i=1),
        {"text": STORY.format(i=2), "url": "http://a/2", "feed": "x"},
        {"html": "<html><body><article><p>" + STORY.format(i=3) + "</p></article></body></html>"},
        {"nothing": 1},
    ]
    results = clean_bag(dask_bag.from_sequence(pages, npartitions=2)).compute()
    assert [type(r) for r in results] == [Clipping, Clipping, Clipping, PageError]
    assert results[1].url == "http://a/2" and results[1].extra == {"feed": "x"}
    assert "branch 1 said" in results[0].text
    assert results[3].error == "CorruptInputError"
