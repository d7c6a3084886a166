"""Copied text in Korean, German, Japanese, French, Spanish and Chinese: body, header and trailers."""

from __future__ import annotations

from pathlib import Path

import pytest

from clipper import clean_text

COPIES = Path(__file__).resolve().parents[2] / "fixtures" / "copies"

# Per language: title, authors, published, the first words of each kept paragraph, and what the
# trailers and captions give.
EXPECTED = {
    "ko": (
        "김정은, 이달 러시아 방문…푸틴과 무기 거래 논의할 듯",
        ("홍길동",),
        "2023-09-05T14:03:00",
        ("김정은 북한", "보도에 따르면", "미국 정부", "존 커비"),
        {"contacts": [("홍길동", "hong@hankyung.com")], "credits": ["연합뉴스"]},
    ),
    "de": (
        "EZB erhöht Leitzins zum zehnten Mal in Folge",
        ("Anna Schmidt",),
        "2023-09-14T14:15:00",
        ("Die Europäische", "Mit der Entscheidung", "EZB-Präsidentin", "Viele Ökonomen"),
        {"credits": ["dpa"]},
    ),
    "ja": (
        "日銀、大規模緩和を維持　長期金利の上限は柔軟に運用",
        ("山田太郎",),
        "2023-09-22T12:45:00",
        ("日本銀行は", "植田和男総裁は", "市場では", "円相場は"),
        {"credits": ["共同"]},
    ),
    "fr": (
        "La BCE relève ses taux pour la dixième fois d'affilée",
        ("Marie Dupont",),
        "2023-09-14T14:15:00",
        ("La Banque centrale", "Le taux de dépôt", "Les économistes"),
        {"credits": ["AFP"]},
    ),
    "es": (
        "El BCE sube los tipos de interés por décima vez consecutiva",
        ("Carlos García",),
        "2023-09-14T14:15:00+02:00",
        ("El Banco Central", "La presidenta del BCE", "Los analistas"),
        {"credits": ["EFE"]},
    ),
    "zh": (
        "央行宣布降准0.25个百分点　释放长期资金约5000亿元",
        ("王小明",),
        "2023-09-14T17:30:12",
        ("中国人民银行14日", "央行有关负责人", "分析人士认为", "市场方面"),
        {"credits": ["新华社记者 李华 摄"], "contributors": ["张三"]},
    ),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_copy_in_each_language(lang: str) -> None:
    title, authors, published, starts, people = EXPECTED[lang]
    record = clean_text((COPIES / f"{lang}.txt").read_text("utf-8"))
    assert record.language == lang
    assert record.title == title
    assert record.authors == authors
    assert record.published == published
    paragraphs = record.text.split("\n\n")
    assert len(paragraphs) == len(starts), paragraphs
    assert all(p.startswith(s) for p, s in zip(paragraphs, starts, strict=True)), paragraphs
    assert [c.credit for c in record.captions] == people["credits"]
    assert [(c.name, c.email) for c in record.contacts] == people.get("contacts", [])
    assert list(record.contributors) == people.get("contributors", [])
    # Nothing is thrown away: every line of the copy is in the text, a field or `removed`.
    kept = set(paragraphs) | {r.text for r in record.removed}
    lines = [ln.strip() for ln in (COPIES / f"{lang}.txt").read_text("utf-8").splitlines()]
    assert all(ln in kept for ln in lines if ln)
