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
    assert rule_of("View market snapshot") == "ticker.link"
    # One site's wording with no support on the dev data is not a list entry (rules/data/words.py).
    assert rule_of("Market Data") is None


def test_prose_with_numbers_is_kept() -> None:
    for line in [
        "The index rose 15.93 points, or 0.6%, to 2672.26 on Tuesday.",
        "Shares of Samsung Electronics closed 1.2% higher at 70,300 won.",
        "Revenue 2023 was up",
    ]:
        assert all(rule(line) is None for rule in RULES), line


def test_quotes_named_in_other_scripts() -> None:
    for line in ["日経平均 32,402.41 +0.53%", "上证指数 3,126.55 +0.47%", "코스피 2,563.36 +0.52%"]:
        assert rule_of(line) == "ticker.quote", line


def test_ranges_and_shares_in_tables_are_not_quotes() -> None:
    # A change is set off from the price by a space or an arrow, never run into it.
    for line in ["Weeks 1-2", "Weeks 5-7", "Racing to 100%", "Layout 65%", "Bar\t15%"]:
        assert rule_of(line) is None, line
