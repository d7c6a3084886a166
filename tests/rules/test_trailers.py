from clipper.models import Contact
from clipper.rules import check_line, clean_blocks


def test_write_to_single_line_pairs_names_and_addresses() -> None:
    hit = check_line(
        "Write to Jane Q Public at jane.public@example.com and John Roe at jroe@example.com"
    )
    assert hit is not None and hit.rule == "trailers.write_to"
    assert set(hit.contacts) >= {Contact("Jane Q Public", "jane.public@example.com")}


def test_write_to_wrapped_over_two_lines() -> None:
    result = clean_blocks(
        ["Write to Ana Lima and Bo Chen at Ana.Lima@news.example", "and bo.chen@news.example"]
    )
    assert result.kept == []
    assert result.contacts == [
        Contact("Ana Lima", "Ana.Lima@news.example"),
        Contact("Bo Chen", "bo.chen@news.example"),
    ]


def test_contributed_and_additional_reporting() -> None:
    hit = check_line("—Maria Gomez and Tom Beck contributed to this article.")
    assert hit is not None and hit.contributors == ("Maria Gomez", "Tom Beck")
    hit = check_line("Additional reporting by Priya Nair; Editing by Sam Holt")
    assert hit is not None and hit.rule == "trailers.contributed"
    assert "Priya Nair" in hit.contributors


def test_copyright_lines() -> None:
    assert check_line("Copyright ©2023 Dow Jones & Company, Inc. All Rights Reserved.") is not None
    assert check_line("ⓒ 한국경제신문, 무단전재 및 재배포 금지") is not None


def test_sentence_with_an_address_is_kept() -> None:
    assert (
        check_line("Readers who want to help can contact the charity directly, officials said.")
        is None
    )


def test_reporter_signoff_with_address_is_a_contact() -> None:
    for line, name, email in [
        ("홍길동 기자 hong@example.co.kr", "홍길동", "hong@example.co.kr"),
        ("Jane Doe, jane@example.com", "Jane Doe", "jane@example.com"),
        ("王小明 (wxm@example.cn)", "王小明", "wxm@example.cn"),
    ]:
        hit = check_line(line)
        assert hit is not None and hit.rule == "trailers.write_to", line
        assert [(c.name, c.email) for c in hit.contacts] == [(name, email)]
    # An address inside a sentence is not a sign-off.
    assert check_line("For more information email info@example.com") is None


def test_desk_editor_credit_is_a_contributor() -> None:
    for line, names in [("责任编辑：张三", ("张三",)), ("編集：山田太郎", ("山田太郎",))]:
        hit = check_line(line)
        assert hit is not None and hit.rule == "trailers.contributed"
        assert hit.contributors == names


def test_headings_and_list_items_that_start_like_a_copyright_line_are_kept() -> None:
    for line in [
        "Copyright Complexity in a Fragmented World",
        "Copyright law protects the work of authors.",
        "(c) Train the staff on the new system",
    ]:
        assert check_line(line) is None, line
    for line in ["© Le Journal Exemple", "Copyright 2023 Foo Media", "Copyright Foo Inc."]:
        hit = check_line(line)
        assert hit is not None and hit.rule == "trailers.copyright", line


def test_contributed_word_check_changes_no_verdict() -> None:
    # `contributed` runs its patterns only on lines holding their words (any line that is not
    # ASCII still gets both); against running both patterns on every line, nothing changes.
    import random

    from clipper.rules import trailers
    from clipper.rules.base import Hit

    def plain(line: str) -> Hit | None:
        low = line.lower()
        if len(line) > 300 or ("contribut" not in low and " by " not in low):
            return None
        for pattern in (trailers._CONTRIBUTED, trailers._ADDITIONAL):
            m = pattern.match(line)
            if m:
                return Hit(
                    "trailers.contributed", contributors=tuple(trailers._names(m.group("names")))
                )
        return None

    rng = random.Random(11)
    parts = ["Jane Doe", "and", "John Roe", "contributed", "CONTRIBUTED", "to this article.",
             "reporting by", "Additional Reporting By", "Edited by", "written by", "by", "—",
             "ſ", "İ", "graphics BY", "compiled by", "research by", "the", "story."]  # fmt: skip
    for _ in range(4000):
        line = " ".join(rng.choice(parts) for _ in range(rng.randrange(1, 9)))
        assert trailers.contributed(line) == plain(line), line
