"""Decoding bytes: every common encoding comes out right, or the input is refused; no mojibake."""

from __future__ import annotations

import codecs
import random

import pytest

from clipper.errors import BinaryInputError, DecodingError, EmptyInputError
from clipper.readers.decode import (
    declared_charset,
    decode_bytes,
    is_single_byte,
    normalize_encoding,
    sniff_binary,
)

# Real sentences, each in a language its legacy encoding was made for.
KOREAN = (
    "북한 김정은 국무위원장이 러시아를 방문해 블라디미르 푸틴 대통령과 정상회담을 가졌다. "
    "두 정상은 군사 협력 방안을 논의한 것으로 알려졌다. 정부는 회담 결과를 주시하고 있다고 밝혔다."
)
JAPANESE = (
    "東京株式市場で日経平均株価は続伸し、前日比で大きく上昇して取引を終えた。"
    "半導体関連株への買いが目立ち、市場関係者は今後の金利動向に注目している。"
)
CHINESE = (
    "中国国家统计局周二公布的数据显示，十月份工业产出同比增长百分之四点六。"
    "分析人士认为，消费需求仍然疲弱，政府可能会推出更多刺激措施。"
)
TAIWANESE = (
    "台灣股市週二收盤上漲，電子類股表現強勁，外資持續買超。"
    "央行總裁表示，將密切關注通膨走勢，必要時會採取適當措施。"
)
FRENCH = (
    "Le président a déclaré qu’il était « très préoccupé » par la situation économique. "
    "Les prix de l’énergie ont augmenté de 12 % — un record — et coûtent 40 € de plus par mois."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag neue Maßnahmen für die Wirtschaft beschlossen. "
    "Der Minister äußerte sich zufrieden über die Einigung mit den Ländern."
)
RUSSIAN = (
    "Президент России заявил, что переговоры будут продолжены на следующей неделе. "
    "Министр иностранных дел сообщил о подготовке новой встречи."
)
POLISH = (
    "Prezydent Polski podpisał ustawę o zmianach w systemie ochrony zdrowia. "
    "Minister zapowiedział, że przepisy wejdą w życie jeszcze w tym roku."
)
CZECH = (
    "Vláda schválila návrh zákona o státním rozpočtu. "
    "Ministr financí řekl, že schodek bude nižší než loni."
)
GREEK = "Ο πρωθυπουργός δήλωσε ότι η κυβέρνηση θα στηρίξει τις οικογένειες με νέα μέτρα."

PAGES = [
    pytest.param(KOREAN, "euc-kr", id="euc-kr"),
    pytest.param(JAPANESE, "shift_jis", id="shift_jis"),
    pytest.param(CHINESE, "gbk", id="gbk"),
    pytest.param(TAIWANESE, "big5", id="big5"),
    pytest.param(FRENCH, "cp1252", id="cp1252"),
    pytest.param(GERMAN, "latin-1", id="latin-1"),
    pytest.param(RUSSIAN, "cp1251", id="cp1251"),
    # Central European and Greek pages tie with cp1252 under detection: declared or refused.
    pytest.param(POLISH, "cp1250", id="cp1250"),
    pytest.param(CZECH, "iso-8859-2", id="iso-8859-2"),
    pytest.param(GREEK, "cp1253", id="cp1253"),
]


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return (
        f"<!doctype html><html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"
    )


@pytest.mark.parametrize(("text", "encoding"), PAGES)
def test_page_with_meta_charset(text: str, encoding: str) -> None:
    html = page(text, encoding)
    decoded = decode_bytes(html.encode(encoding), html=True, source="p.html")
    assert decoded.text == html
    assert decoded.how == "declared"


@pytest.mark.parametrize(("text", "encoding"), PAGES)
def test_page_with_http_charset_only(text: str, encoding: str) -> None:
    html = page(text)
    decoded = decode_bytes(html.encode(encoding), html=True, http_charset=encoding)
    assert decoded.text == html
    assert decoded.how == "http"


@pytest.mark.parametrize(("text", "encoding"), PAGES)
def test_encoding_given_by_the_caller(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), declared=encoding).text == text


@pytest.mark.parametrize(("text", "encoding"), PAGES)
def test_undeclared_paragraphs_are_detected_or_refused_never_garbled(
    text: str, encoding: str
) -> None:
    body = "\n\n".join([text] * 3)
    try:
        decoded = decode_bytes(body.encode(encoding))
    except DecodingError:
        return
    assert decoded.text == body
    assert decoded.how == "detected"


@pytest.mark.parametrize(("text", "encoding"), PAGES)
@pytest.mark.parametrize("words", [1, 2, 3, 5])
def test_short_undeclared_legacy_text_is_right_or_refused(
    text: str, encoding: str, words: int
) -> None:
    # Detection is weak on a few words; the promise is only: no wrong text.
    snippet = " ".join(text.split(" ")[:words]) if " " in text[:40] else text[: 4 * words]
    try:
        decoded = decode_bytes(snippet.encode(encoding), source="clip.txt")
    except DecodingError as exc:
        assert exc.source == "clip.txt"
        return
    assert decoded.text == snippet


@pytest.mark.parametrize(("text", "encoding"), PAGES)
@pytest.mark.parametrize("server", ["utf-8", "iso-8859-1", "windows-1252"])
def test_right_meta_beats_a_default_http_header(text: str, encoding: str, server: str) -> None:
    html = page(text, encoding)
    assert decode_bytes(html.encode(encoding), html=True, http_charset=server).text == html


@pytest.mark.parametrize(("text", "encoding"), PAGES)
@pytest.mark.parametrize("stale", ["utf-8", "iso-8859-1"])
def test_right_http_header_beats_a_stale_meta(text: str, encoding: str, stale: str) -> None:
    html = page(text, stale)
    assert decode_bytes(html.encode(encoding), html=True, http_charset=encoding).text == html


@pytest.mark.parametrize(
    ("text", "encoding", "wrong"),
    [
        # Each pair decodes cleanly both ways; only scoring can tell them apart.
        (KOREAN, "euc-kr", "gbk"),
        (CHINESE, "gbk", "euc-kr"),
        (JAPANESE, "shift_jis", "gbk"),
        (RUSSIAN, "cp1251", "cp1252"),
        (RUSSIAN, "cp1251", "koi8-r"),
    ],
)
def test_when_both_decode_cleanly_the_coherent_one_wins(
    text: str, encoding: str, wrong: str
) -> None:
    html = page(text, wrong)
    data = html.encode(encoding)
    data.decode(normalize_encoding(wrong) or wrong)  # the premise: the wrong one is clean too
    assert decode_bytes(data, html=True, http_charset=encoding).text == html
    html = page(text, encoding)
    data = html.encode(encoding)
    assert decode_bytes(data, html=True, http_charset=wrong).text == html


@pytest.mark.parametrize("stale", ["iso-8859-1", "windows-1252", "euc-kr", "shift_jis"])
def test_valid_utf8_wins_over_a_stale_legacy_declaration(stale: str) -> None:
    html = page(FRENCH + KOREAN, stale)
    decoded = decode_bytes(html.encode("utf-8"), html=True, http_charset=stale)
    assert decoded.text == html
    assert decoded.encoding == "utf-8"


def test_utf8_without_and_with_bom() -> None:
    html = page(KOREAN + FRENCH, "utf-8")
    assert decode_bytes(html.encode("utf-8"), html=True).text == html
    with_bom = decode_bytes(codecs.BOM_UTF8 + html.encode("utf-8"), html=True)
    assert with_bom.text == html
    assert with_bom.how == "bom"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    html = page(JAPANESE + GERMAN, "utf-16")
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(
        codec, codecs.BOM_UTF32_LE
    )
    decoded = decode_bytes(bom + html.encode(codec), html=True)
    assert decoded.text == html
    assert decoded.encoding == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_latin_text(codec: str) -> None:
    html = page(GERMAN)
    assert decode_bytes(html.encode(codec), html=True).text == html


def test_bad_bytes_after_a_bom_are_an_error() -> None:
    with pytest.raises(DecodingError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9 au lait", source="x.txt")


def test_xml_declaration_counts_as_a_declaration() -> None:
    xhtml = (
        f'<?xml version="1.0" encoding="Shift_JIS"?>\n<html><body><p>{JAPANESE}</p></body></html>'
    )
    decoded = decode_bytes(xhtml.encode("shift_jis"), html=True)
    assert decoded.text == xhtml
    assert decoded.how == "declared"


def test_meta_http_equiv_content_type() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">'
        f"</head><body>{KOREAN}</body></html>"
    )
    assert decode_bytes(html.encode("euc-kr"), html=True).text == html


def test_mostly_utf8_with_stray_bytes_is_refused_not_garbled() -> None:
    good = page(KOREAN + FRENCH).encode("utf-8")
    middle = len(good) // 2
    mixed = good[:middle] + "café".encode("cp1252") + good[middle:]
    for http in (None, "iso-8859-1", "utf-8"):
        with pytest.raises(DecodingError, match="mixed encodings") as info:
            decode_bytes(mixed, html=True, http_charset=http, source="mixed.html")
        assert info.value.source == "mixed.html"
        assert "mixed.html" in str(info.value)


def test_a_capture_cut_inside_the_last_utf8_character_still_decodes() -> None:
    data = KOREAN.encode("utf-8")
    cut = data[:-1]
    decoded = decode_bytes(cut)
    assert decoded.text == KOREAN[:-1]
    assert decoded.encoding == "utf-8"


def test_given_encoding_that_does_not_fit_is_an_error() -> None:
    with pytest.raises(DecodingError, match="not valid utf-8"):
        decode_bytes(FRENCH.encode("cp1252"), declared="utf-8", source="f.txt")
    with pytest.raises(DecodingError, match="unknown encoding"):
        decode_bytes(b"hello", declared="klingon-8")


@pytest.mark.parametrize("label", ["rot13", "zlib", "base64", "no-such-codec"])
def test_non_text_codecs_are_not_encodings(label: str) -> None:
    assert normalize_encoding(label) is None
    with pytest.raises(DecodingError):
        decode_bytes(b"plain text", declared=label)


def test_unknown_or_hostile_meta_labels_are_ignored() -> None:
    html = f'<meta charset="rot13"><p>{GERMAN}</p>'
    assert decode_bytes(html.encode("utf-8"), html=True).text == html
    assert declared_charset(b'<meta charset="zlib">') is None
    assert declared_charset(b'<meta charset="x-nonsense">') is None


def test_meta_claiming_utf16_in_ascii_bytes_is_ignored() -> None:
    html = page(RUSSIAN, "utf-16")
    assert decode_bytes(html.encode("cp1251"), html=True, http_charset="cp1251").text == html


def test_whatwg_aliases() -> None:
    assert normalize_encoding("ISO-8859-1") == "cp1252"
    assert normalize_encoding("us-ascii") == "cp1252"
    assert normalize_encoding("gb2312") == "gbk"
    assert normalize_encoding("ks_c_5601-1987") == "euc_kr"
    assert normalize_encoding(" 'Shift-JIS' ") == "shift_jis"


def test_cp1252_undefined_bytes_fall_back_to_latin1_when_declared() -> None:
    # 0x81 and 0x8d are unassigned in cp1252; browsers show them as C1 controls (latin-1).
    data = b"<meta charset=iso-8859-1><p>Caf\xe9 \x81 cr\xe8me</p>" + b"x" * 200
    decoded = decode_bytes(data, html=True)
    assert decoded.text.startswith("<meta charset=iso-8859-1><p>Café \x81 crème</p>")


def test_single_byte_classification() -> None:
    assert is_single_byte("cp1252") and is_single_byte("cp1251")
    assert not any(map(is_single_byte, ["utf-8", "gbk", "big5", "shift_jis", "euc_kr"]))


@pytest.mark.parametrize(
    "blob",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type/Catalog>> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ],
    ids=["pdf", "png", "jpeg", "zip", "gzip"],
)
def test_binary_formats_are_refused(blob: bytes) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode_bytes(blob + bytes(range(256)) * 4, source="not-really.html", html=True)
    assert info.value.source == "not-really.html"


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_binary(seed: int) -> None:
    blob = random.Random(seed).randbytes(8192)
    assert sniff_binary(blob) is not None
    with pytest.raises(BinaryInputError):
        decode_bytes(blob)


@pytest.mark.parametrize("blob", [b"", b"   ", b"\n\r\n\t "])
def test_empty_input(blob: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(blob, source="empty.html")


def test_high_bytes_without_any_structure_are_refused() -> None:
    # Valid in many single-byte codecs, meaningful in none: detection must not pick one.
    blob = bytes(range(0xA0, 0x100)) * 8
    try:
        decoded = decode_bytes(blob)
    except DecodingError:
        return
    pytest.fail(f"decoded noise as {decoded.encoding}")
