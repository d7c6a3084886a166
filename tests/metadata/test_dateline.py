import pytest

from clipper.metadata.dateline import Dateline, find_dateline


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        ("WASHINGTON—North Korean leader Kim Jong Un", Dateline("WASHINGTON", None)),
        ("NEW YORK (Reuters) - Stocks fell on Monday", Dateline("NEW YORK", "Reuters")),
        ("SEOUL, South Korea (AP) — North Korea fired", Dateline("SEOUL, South Korea", "AP")),
        ("FRANKFURT, Sept 5 (Reuters) - The euro", Dateline("FRANKFURT", "Reuters")),
    ],
)
def test_datelines(para: str, expected: Dateline) -> None:
    assert find_dateline(para) == expected


@pytest.mark.parametrize(
    "para",
    [
        "U.S. officials said - not a dateline",
        "The trip would be unusual",
        "AP — The agency said",
        "",
    ],
)
def test_not_datelines(para: str) -> None:
    assert find_dateline(para) is None
