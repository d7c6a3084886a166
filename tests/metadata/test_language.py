import pytest

from clipper.metadata.language import detect, normalize_tag


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said on Tuesday that the talks with the union had failed.", "en"),
        (
            "Der Minister sagte am Dienstag, dass die Gespräche mit der Gewerkschaft nicht gelungen sind.",
            "de",
        ),
        (
            "Le ministre a déclaré mardi que les négociations avec le syndicat avaient échoué pour la plupart.",
            "fr",
        ),
        (
            "El ministro dijo el martes que las negociaciones con el sindicato no fueron un éxito para los trabajadores.",
            "es",
        ),
        ("북한 김정은 국무위원장이 러시아를 방문해 푸틴 대통령과 정상회담을 할 예정이다.", "ko"),
        ("北朝鮮の金正恩総書記がロシアを訪問し、プーチン大統領と会談する見通しだ。", "ja"),
        ("朝鲜领导人金正恩预计将访问俄罗斯并与普京总统会晤。", "zh"),
    ],
)
def test_detects_language(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_short_text_falls_back_to_hint() -> None:
    assert detect("OK", "en-GB") == "en"
    assert detect("12 34") is None


def test_normalize_tag() -> None:
    assert normalize_tag("en-US") == "en"
    assert normalize_tag("zh_TW") == "zh-Hant"
    assert normalize_tag("") is None
    assert normalize_tag("!!") is None
