"""A caption needs caption evidence: a credit, a figure, a picture above it. A sign alone ("◆",
"■", "▲") also starts info boxes, subheads and list items, which stay in the text (issue 17)."""

import clipper
from clipper.models import Caption
from clipper.rules import check_line, clean_blocks


def test_info_box_and_subhead_lines_led_by_a_sign_stay_text() -> None:
    for line in [
        "◆用語解説＝ 予算案は、国会の議決を経て成立する。衆議院の優越が認められている。",
        "◆学内に広がる戸惑いの声",
        "■ 새 학기부터 달라지는 것들",
        "● Three things to know before the vote",
    ]:
        assert check_line(line) is None, line
    result = clean_blocks(
        ["◆学内に広がる戸惑いの声", "大学の説明は十分ではなかったと学生らは話した。"]
    )
    assert result.removed == [] and result.captions == []


def test_a_sign_with_a_credit_is_a_caption() -> None:
    # The credit on the line itself.
    hit = check_line("▲ 김정은 북한 국무위원장. 사진=연합뉴스")
    assert hit is not None and hit.caption == Caption("김정은 북한 국무위원장.", "연합뉴스")
    # The credit on the next line: the two are one caption.
    result = clean_blocks(["▲ 부산항을 떠나는 여객선", "사진=김민지 기자", "본문 첫 문단이다."])
    assert result.kept == ["본문 첫 문단이다."]
    assert result.captions == [Caption("부산항을 떠나는 여객선", "김민지 기자")]


def test_a_full_width_agency_credit_is_split_from_the_caption() -> None:
    hit = check_line("会見する首相（東京で、３日）＝ＡＰ")
    assert hit is not None and hit.caption == Caption("会見する首相（東京で、３日）", "ＡＰ")


def _page(body: str) -> bytes:
    story = "".join(
        f"<p>大学は三日、記者会見を開き、元理事長の不正について説明した。第{n}段落の本文である。</p>"
        for n in range(8)
    )
    return (
        "<html lang='ja'><head><title>大学が会見</title></head><body><article>"
        f"<h1>大学が会見、元理事長の不正を説明</h1>{body}{story}</article></body></html>"
    ).encode()


def test_a_signed_line_below_a_picture_is_a_caption_and_one_without_is_text() -> None:
    url = "https://www.example.jp/news/1"
    pictured = clipper.clean_html(
        _page('<div><img src="a.jpg" alt=""></div><p>◆会見する学長ら</p>'), url
    )
    assert [c.text for c in pictured.captions] == ["会見する学長ら"]
    assert "会見する学長ら" not in pictured.text
    # A figure's caption: its credit needs no full stop before it.
    figure = clipper.clean_html(
        _page(
            '<figure><img src="b.jpg"><figcaption>会見場の前に集まった学生ら＝ＡＰ</figcaption></figure>'
        ),
        url,
    )
    assert figure.captions == (Caption("会見場の前に集まった学生ら", "ＡＰ"),)
    plain = clipper.clean_html(_page("<h3>◆学内に広がる戸惑いの声</h3>"), url)
    assert plain.captions == ()
    assert "◆学内に広がる戸惑いの声" in plain.text
