from clipper.rules import check_line
from clipper.rules.ticker import RULES


def rule_of(line: str) -> str | None:
    hit = check_line(line)
    return hit.rule if hit else None


def test_quote_lines_of_several_markets() -> None:
    for line in [
        "• NIKKEI 225 32,939.18 -97.59 -0.30%",
        "S&P 500 4,515.77 +18.43 +0.41%",
        "  • GBP/USD 1.2612 -0.0031 -0.25%",
        "BTC-USD 25,880.50 ▲312.00 1.22%",
        "DAX 15.824,21 +0,33%",
        "^DJI 34,837.71 (-195.74)",
    ]:
        assert rule_of(line) == "ticker.quote", line


def test_market_links() -> None:
    assert rule_of("Market Data") == "ticker.link"
    assert rule_of("View market snapshot") == "ticker.link"


def test_prose_with_numbers_is_kept() -> None:
    for line in [
        "The index rose 15.93 points, or 0.6%, to 2672.26 on Tuesday.",
        "Shares of Samsung Electronics closed 1.2% higher at 70,300 won.",
        "Revenue 2023 was up",
    ]:
        assert all(rule(line) is None for rule in RULES), line
