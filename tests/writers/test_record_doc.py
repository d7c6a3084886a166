"""docs/record.md stays true: it lists every record field in order, and its WARC example is real."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from clipper.models import Clipping

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "record.md").read_text(encoding="utf-8")


def test_doc_lists_every_field_in_record_order() -> None:
    section = DOC.split("## Fields", 1)[1].split("### Parts", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    assert documented == [f.name for f in fields(Clipping)], "document the record fields"


def test_warc_examples_are_excerpts_of_the_golden_file() -> None:
    golden = (REPO / "fixtures" / "warc" / "golden.warc").read_bytes()
    # The copied response holds gzip bytes; they are not part of any example.
    golden_text = golden.decode("utf-8", "replace").replace("\r\n", "\n")
    blocks = re.findall(r"^```warc\n(.*?)^```", DOC, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        assert block.startswith("WARC/1.1\n")
        assert block in golden_text, (
            "docs/record.md's WARC example no longer matches fixtures/warc/golden.warc: "
            "copy the new records into the doc"
        )
