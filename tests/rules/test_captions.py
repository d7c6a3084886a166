from clipper.models import Caption
from clipper.rules import check_line, clean_blocks


def test_marker_caption_with_credit() -> None:
    hit = check_line("▶ Firefighters battle a blaze in Busan on Friday.  Photo: Kim Min-ji/Yonhap")
    assert hit is not None and hit.rule == "captions.photo"
    assert hit.caption == Caption(
        "Firefighters battle a blaze in Busan on Friday.", "Kim Min-ji/Yonhap"
    )


def test_ap_style_credit() -> None:
    hit = check_line("Demonstrators march in Paris on Sunday. (AP Photo/Jean Dupont)")
    assert hit is not None and hit.caption == Caption(
        "Demonstrators march in Paris on Sunday.", "AP Photo/Jean Dupont"
    )


def test_name_slash_agency_credit() -> None:
    hit = check_line("The senator speaks to reporters. Anna Moneymaker/Getty Images")
    assert hit is not None and hit.caption is not None
    assert hit.caption.credit == "Anna Moneymaker/Getty Images"


def test_credit_on_its_own_line_joins_the_caption_above() -> None:
    result = clean_blocks(["▲ A ferry leaves the harbour at dawn", "Photo by Lee Jun on Unsplash"])
    assert result.kept == []
    assert result.captions == [Caption("A ferry leaves the harbour at dawn", "Lee Jun on Unsplash")]


def test_repeated_caption_is_listed_once_but_removed_twice() -> None:
    line = "▲ Rescue workers at the site. PHOTO: JOHN ROE/REUTERS"
    result = clean_blocks([line, line])
    assert [r.rule for r in result.removed] == ["captions.photo", "captions.photo"]
    assert len(result.captions) == 1


def test_sentences_that_mention_photos_or_agencies_are_kept() -> None:
    for line in [
        "He said the photo: was fake and that it was taken in 2019 by a friend.",
        "The minister said the talks would resume next week, according to Reuters",
        "Officials declined to say who took the picture, which circulated widely online.",
    ]:
        assert check_line(line) is None, line


def test_credits_and_captions_in_other_languages() -> None:
    for line, credit in [
        ("Foto: dpa", "dpa"),
        ("Bild: Reuters", "Reuters"),
        ("Foto de Juan Pérez", "Juan Pérez"),
        ("Photo : AFP", "AFP"),
    ]:
        hit = check_line(line)
        assert hit is not None and hit.rule == "captions.credit", line
        assert hit.caption == Caption("", credit)
    for line, text, credit in [
        ("（写真）会見する総裁＝22日、東京（共同）", "会見する総裁＝22日、東京", "共同"),
        ("图为中国人民银行大楼。新华社记者 李华 摄", "中国人民银行大楼。", "新华社记者 李华 摄"),
    ]:
        hit = check_line(line)
        assert hit is not None and hit.rule == "captions.photo", line
        assert hit.caption == Caption(text, credit)


def test_words_that_only_start_like_a_credit_are_kept() -> None:
    # "graphic de|sign:" is not "graphic de …", "Fotos von 1900" is not a credit line.
    for line in [
        "Graphic information technology vs. graphic design: Which program is right for you?",
        "Der Bildband zeigt Fotos von 1900.",
        "他说，今年要摄入更多蔬菜。",
    ]:
        assert check_line(line) is None, line


def test_credit_search_from_its_reach_finds_what_a_full_search_finds() -> None:
    # `photo` searches its end-anchored credit patterns only from where a match can start; on
    # long cleaned lines with credits of every length near that limit, the match is the same.
    import random

    from clipper.rules import captions

    rng = random.Random(7)
    words = ["the", "crowd", "gathers", "Reuters", "(AP", "Photo/", "摄", "记者", "credit:", "by"]
    labels = [
        "Photo by",
        "Photographs credit by",
        "Courtesy of",
        "Source:",
        "(AP Photo/",
        "图片来源：",
        "",
    ]
    for _ in range(3000):
        head = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 60)))
        credit = "".join(rng.choice("abc XYZ./") for _ in range(rng.randrange(1, 130)))
        end = rng.choice(["", ")", " 摄", "（共同）", "＝ロイター"])
        text = captions._clean(f"{head}. {rng.choice(labels)} {credit}{end}")
        reach = max(0, len(text) - captions._CREDIT_REACH)
        for pattern in (captions._CREDIT, captions._AP_CREDIT, captions._CJK_CREDIT):
            full, cut = pattern.search(text), pattern.search(text, reach)
            assert (full and full.span()) == (cut and cut.span()), (pattern.pattern[:30], text)
        if not text.endswith(captions._CJK_ENDINGS):
            assert captions._CJK_CREDIT.search(text) is None, text
