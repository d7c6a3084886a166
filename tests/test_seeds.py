"""The two seed clippings, field by field as issue #3 states them, and against their golden records."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from clipper import Caption, Contact, Source, clean_text

ROOT = Path(__file__).resolve().parent.parent
KED = ROOT / "seeds" / "000_c22e93ad1b80139d.txt"
REWRITE = ROOT / "seeds" / "004_a8deab930db000a7.txt"


def _regenerate_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "fixtures" / "regenerate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [KED, REWRITE], ids=lambda p: p.stem)
def test_golden_record(seed: Path) -> None:
    golden = json.loads((ROOT / "fixtures" / "seeds" / (seed.stem + ".json")).read_text("utf-8"))
    assert _regenerate_module().golden_record(seed) == golden


def test_licensed_wsj_page_on_ked() -> None:
    c = clean_text(KED.read_bytes(), source=Source(str(KED), "text", None))
    assert c.title == "North Korea’s Kim Jong Un Expected to Meet Putin in Russia"
    assert c.subtitle is not None and c.subtitle.startswith("Reclusive leader’s planned trip")
    assert c.section == "Business & Politics"
    assert c.byline == "By The Wall Street Journal"
    assert c.licensed_from == "The Wall Street Journal"
    assert c.authors == ("Warren P Strobel", "William Mauldin")
    assert c.contacts == (
        Contact("Warren P Strobel", "Warren.Strobel@wsj.com"),
        Contact("William Mauldin", "william.mauldin@wsj.com"),
    )
    assert c.contributors == ("Gordon Lubold",)
    assert (c.published, c.published_tz) == ("2023-09-05", "+09:00")
    assert c.language == "en"
    assert c.dateline == "WASHINGTON"
    assert c.captions == (
        Caption(
            "North Korean leader Kim Jong Un and Russian President Vladimir Putin during a 2019 "
            "meeting in Russia.",
            "ALEXANDER ZEMLIANICHENKO/ASSOCIATED PRESS",
        ),
    )
    assert c.text.startswith("WASHINGTON—North Korean leader")
    assert c.text.endswith('sell arms to Russia," Kirby said.')
    for junk in [
        "KOSPI",
        "Skip to content",
        "Market Snapshot",
        "licensed from",
        "Min read",
        "PHOTO",
        "contributed to this article",
        "Write to",
        "Comment 0",
        "0/300",
        "Business & Politics",
        "By The Wall Street Journal",
        "Reclusive leader",
    ]:
        assert junk not in c.text, junk
    assert "\n\n\n" not in c.text
    rules = [r.rule for r in c.removed]
    assert rules.count("ticker.quote") == 7
    assert rules.count("captions.photo") == 2
    assert {
        "navigation.skip",
        "ticker.link",
        "licensing.marker",
        "readtime.minutes",
        "trailers.contributed",
        "trailers.write_to",
        "comments.widget",
        "comments.counter",
        "header.title",
        "header.subtitle",
        "header.byline",
    } <= set(rules)
    # Every line of the input is either in the text or in `removed`.
    lines = [ln.strip() for ln in KED.read_text("utf-8").splitlines() if ln.strip()]
    assert len(lines) == len(c.text.split("\n\n")) + len(c.removed)


def test_clean_rewrite_passes_through_unchanged() -> None:
    raw = REWRITE.read_text("utf-8")
    c = clean_text(raw)
    paragraphs = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    assert len(paragraphs) == 16
    assert c.text.split("\n\n") == paragraphs
    assert c.removed == ()
    assert (c.title, c.subtitle, c.byline, c.published, c.dateline) == (None,) * 5
    assert c.authors == () and c.contacts == () and c.captions == ()
