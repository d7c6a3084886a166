"""Copied-text cleaning on clippings written for the test: other outlets, sections, tickers, languages."""

from clipper import clean_text

REUTERS_ON_PORTAL = """Skip to main content
Menu
Search
Sign In
DAX 15,824.21 +0.33%
FTSE 100 7,452.76 -0.12%
Markets
Oil prices climb as supply cuts bite
Brent crude rose for a third day as producers extended output curbs into the winter
By Reuters
September 6, 2023 10:15 AM GMT+1
3 min read
LONDON (Reuters) - Oil prices rose on Wednesday, extending gains for a third session after Saudi Arabia and Russia said they would keep supply cuts in place until the end of the year.
Brent crude futures were up 45 cents at $90.49 a barrel by 0915 GMT, while U.S. West Texas Intermediate crude gained 38 cents to $87.07.
Analysts said the cuts would tighten the market further in the fourth quarter, when demand usually peaks ahead of the northern hemisphere winter.
Reporting by Alex Lawler; Editing by Jason Neely
Share this article
Read more: OPEC+ weighs deeper cuts
Follow us on Google News
"""


def test_agency_story_on_portal() -> None:
    c = clean_text(REUTERS_ON_PORTAL)
    assert c.title == "Oil prices climb as supply cuts bite"
    assert (
        c.subtitle
        == "Brent crude rose for a third day as producers extended output curbs into the winter"
    )
    assert c.section == "Markets"
    assert c.byline == "By Reuters"
    assert c.licensed_from == "Reuters"
    assert c.authors == ()
    assert c.published == "2023-09-06T10:15:00+01:00"
    assert c.published_tz == "+01:00"
    assert c.dateline == "LONDON"
    assert c.text.startswith("LONDON (Reuters) - Oil prices rose")
    assert c.text.endswith("northern hemisphere winter.")
    assert "Alex Lawler" in c.contributors
    assert c.text.count("\n\n") == 2


YONHAP_KO = """본문 바로가기
로그인
정치
북한, 동해상으로 탄도미사일 발사
홍길동 기자
입력 2023-09-05 14:03
(서울=연합뉴스) 북한이 5일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. 합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다고 설명했다.
군 당국은 한미 정보당국이 긴밀히 공조하며 추가 발사에 대비해 감시와 경계를 강화하고 있다고 전했다.
댓글 0
"""


def test_korean_clipping() -> None:
    c = clean_text(YONHAP_KO)
    assert c.language == "ko"
    assert c.title == "북한, 동해상으로 탄도미사일 발사"
    assert c.authors == ("홍길동",)
    assert c.published == "2023-09-05T14:03:00"
    assert c.text.startswith("(서울=연합뉴스)")
    assert "댓글" not in c.text


def test_no_invented_metadata_for_a_bare_paragraph() -> None:
    c = clean_text(
        "Just one sentence that somebody saved, with nothing else around it at all today."
    )
    assert c.text.startswith("Just one sentence")
    assert (c.title, c.byline, c.published, c.language) == (None, None, None, "en")


PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a debate that ran late into the night.",
    "Spending on schools rises by four percent, while road repairs get a smaller share than planned.",
    "- Schools: up four percent",
    "- Roads: down two percent",
    "The mayor said the plan balanced the books without raising local taxes this year.",
    "Opposition members voted against it, saying the cuts to road repairs would cost more later.",
    "- Vote: 21 to 14",
]


def test_a_clean_clipping_passes_through_unchanged() -> None:
    # Paragraphs alone, short list lines among them and at the end: nothing is cut.
    text = "\n\n".join(PARAGRAPHS)
    record = clean_text(text)
    assert record.text == text
    assert record.removed == ()
    assert record.title is None
    # Two paragraphs, the first of them not a title.
    two = "\n\n".join(PARAGRAPHS[:2])
    assert clean_text(two).text == two and clean_text(two).title is None


def test_a_clean_clipping_with_a_headline_keeps_every_paragraph() -> None:
    text = "Council passes budget\n\n" + "\n\n".join(PARAGRAPHS)
    record = clean_text(text)
    assert record.title == "Council passes budget"
    assert record.text == "\n\n".join(PARAGRAPHS)
    assert [r.rule for r in record.removed] == ["header.title"]
