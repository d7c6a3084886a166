"""Kicker apart from the headline, and credits that are not people, on pages written here."""

import lxml.html

from clipper.metadata.html import PageMeta, read_html_metadata


def read(head: str, body: str, url: str = "https://www.example-news.de/a/b") -> PageMeta:
    doc = f"<html><head>{head}</head><body>{body}<p>{'Text des Artikels. ' * 20}</p></body></html>"
    return read_html_metadata(lxml.html.fromstring(doc), url)


H1 = (
    '<h1><span class="article__topline">Nach dem Sturm</span>'
    '<span class="sr-only">: </span><span class="article__headline">Bäume fallen auf '
    "die Bahnstrecke</span></h1>"
)


def test_kicker_is_not_glued_to_the_headline() -> None:
    meta = read('<meta property="og:title" content="Bäume fallen auf die Bahnstrecke">', H1)
    assert meta.title == "Bäume fallen auf die Bahnstrecke"
    assert meta.section == "Nach dem Sturm"


def test_metadata_that_joins_kicker_and_headline_is_the_evidence() -> None:
    head = '<meta property="og:title" content="Nach dem Sturm: Bäume fallen auf die Bahnstrecke">'
    assert read(head, H1).title == "Nach dem Sturm: Bäume fallen auf die Bahnstrecke"


def test_kicker_without_metadata_gives_the_headline() -> None:
    assert read("", H1).title == "Bäume fallen auf die Bahnstrecke"


def test_job_title_in_the_byline_is_not_part_of_the_name() -> None:
    body = (
        '<h1>Ein Titel für den Test</h1><div class="byline"><span class="author-label">By</span>'
        '<div class="author"><a href="/p/1">Jo Beispiel</a>'
        '<span class="job-title">News Reporter</span></div>'
        '<div class="author"><a href="/p/2">Max Muster</a>'
        '<span class="job-title">Lifestyle Writer</span></div></div>'
    )
    authors = read("", body).authors
    assert "Jo Beispiel" in authors
    assert not any(word in a for a in authors for word in ("Reporter", "Writer", "Lifestyle"))


def test_the_sites_desk_is_not_a_person() -> None:
    body = (
        '<h1>Ein Titel für den Test</h1><p class="byline">Von Jo Beispiel, EXAMPLE-NEWS SACHSEN</p>'
    )
    meta = read("", body, "https://www.example-news.de/a/b")
    assert "Jo Beispiel" in meta.authors
    assert not any("SACHSEN" in a for a in meta.authors)


def test_korean_pipe_ends_a_site_suffix() -> None:
    head = '<meta property="og:title" content="새 정책 발표에 시장 반응 엇갈려ㅣ예시일보">'
    meta = read(head, "", "https://www.yesi.co.kr/news/1")
    assert meta.title == "새 정책 발표에 시장 반응 엇갈려"


def test_job_title_glued_to_the_name_in_a_copy() -> None:
    from clipper.metadata.byline import parse_byline

    assert parse_byline("Emma MackenzieLifestyle Writer").authors == ("Emma Mackenzie",)
    assert parse_byline("By John McDonald, Reporter").authors == ("John McDonald",)
    assert parse_byline("By Tom Davies - Associated Press - Friday").authors == ("Tom Davies",)


def test_a_japanese_button_is_not_a_name() -> None:
    from clipper.metadata.byline import looks_like_person

    assert not looks_like_person("メールでシェアする")
    assert looks_like_person("山田太郎")


def test_a_person_whose_first_name_is_the_host_stays() -> None:
    body = '<h1>Ein Titel für den Test</h1><p class="byline">By Miko Vallen</p>'
    assert read("", body, "https://miko.example.fr/a/b").authors == ("Miko Vallen",)


def test_unmarked_kicker_is_told_by_the_metadata_headline() -> None:
    """A leading span the theme does not name is a kicker when the JSON-LD headline is the h1
    without it; og:title joining the two keeps the publisher's joined form."""
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Der Zug fährt wieder nach Plan"}</script>'
    )
    h1 = "<h1><span>Nach dem Streik</span>Der Zug fährt wieder nach Plan</h1>"
    assert read(ld, h1).title == "Der Zug fährt wieder nach Plan"
    joined = '<meta property="og:title" content="Nach dem Streik / Der Zug fährt wieder nach Plan">'
    assert read(joined + ld, h1).title == "Nach dem Streik / Der Zug fährt wieder nach Plan"
    # Without that evidence the h1 is read whole.
    assert read("", h1).title == "Nach dem StreikDer Zug fährt wieder nach Plan"


def test_breadcrumb_h1_gives_way_to_another_metadata_headline() -> None:
    crumb = '<ol class="breadcrumb"><li><h1>Kurzer Seitentitel zum Test</h1></li></ol>'
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Die lange Schlagzeile des Artikels für den Test"}</script>'
    )
    og = '<meta property="og:title" content="Kurzer Seitentitel zum Test">'
    assert read(og + ld, crumb).title == "Die lange Schlagzeile des Artikels für den Test"
    # Every title is the crumb: the crumb is the headline.
    assert read(og, crumb).title == "Kurzer Seitentitel zum Test"


def test_section_and_template_tails_leave_the_title() -> None:
    head = (
        '<meta property="og:title" content="새 정책 발표에 시장 반응 엇갈려-경제ㅣ예시일보">'
        '<meta property="article:section" content="경제">'
    )
    assert (
        read(head, "", "https://www.yesi.co.kr/news/1").title == "새 정책 발표에 시장 반응 엇갈려"
    )
    head = (
        '<meta property="og:title" content="새 정책 발표에 시장 반응 엇갈려-경제ㅣ예시일보">'
        '<meta name="headline" content="새 정책 발표에 시장 반응 엇갈려">'
    )
    assert (
        read(head, "", "https://www.yesi.co.kr/news/1").title == "새 정책 발표에 시장 반응 엇갈려"
    )
