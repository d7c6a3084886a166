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
