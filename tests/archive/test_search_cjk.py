"""Korean, Japanese and Chinese clippings are found by words inside longer words (trigrams)."""

from __future__ import annotations

from pathlib import Path

from archive_helpers import record, write_jsonl

from clipper import Archive

TEXTS = {
    "ko": "윤석열 대통령은 5일 서울에서 기자회견을 열고 경제 정책을 발표했다.\n\n야당은 즉각 반발했다.",
    "ja": "東京都は五日、新型の防災計画を発表した。\n\n知事は記者会見で住民の協力を求めた。",
    "zh": "国务院五日在北京召开常务会议，部署稳经济一揽子政策措施。\n\n会议要求各地抓好落实。",
    "en": "The mayor announced a new flood plan on Monday.\n\nResidents welcomed it.",
}


def test_cjk_search(tmp_path: Path) -> None:
    recs = [
        record(i, text=text, language=lang, title=None, authors=[], byline=None)
        for i, (lang, text) in enumerate(TEXTS.items())
    ]
    ids = {lang: rec["id"] for lang, rec in zip(TEXTS, recs, strict=True)}
    with Archive(tmp_path / "a", create=True) as archive:
        archive.add([str(write_jsonl(tmp_path / "r.jsonl", recs))])

        def found(query: str, **facets: str) -> list[str]:
            return [h.id for h in archive.search(query, **facets)]

        # "대통령" sits inside "대통령은" (particle attached): a word tokenizer misses it.
        assert found("대통령") == [ids["ko"]]
        assert "[대통령]" in archive.search("대통령")[0].snippet
        assert found("기자회견") == [ids["ko"]]
        assert found("防災計画") == [ids["ja"]]
        assert found("稳经济") == [ids["zh"]]
        # two-character words are shorter than a trigram: found by a scan
        assert found("서울") == [ids["ko"]]
        assert found("北京") == [ids["zh"]]
        assert "[北京]" in archive.search("北京")[0].snippet
        assert found("東京 知事") == [ids["ja"]]
        assert found("대통령", lang="ja") == []
        assert found("flood") == [ids["en"]]
        assert found("서울에서 없는말") == []
