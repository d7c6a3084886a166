import pytest

from clipper.rules import check_line


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Share this article", "promo.share"),
        ("Facebook Twitter LinkedIn Email", "promo.share"),
        ("Follow us on Instagram", "promo.follow"),
        (
            "Sign up for our morning newsletter and get the day's top stories in your inbox",
            "promo.newsletter",
        ),
        ("Read more: Markets rally as inflation cools", "promo.related"),
        ("ALSO READ | Election results: live updates", "promo.related"),
        ("Advertisement", "promo.ad"),
        (
            "We use cookies to improve your experience. By continuing to browse you agree.",
            "promo.cookies",
        ),
        ("Become a member", "promo.paywall"),
        ("Lesen Sie auch", "promo.related"),
        ("Partager sur Facebook", "promo.share"),
        ("Compartir en WhatsApp", "promo.share"),
        ("Auf X teilen", "promo.share"),
        ("分享到：", "promo.share"),
        ("ツイート", "promo.share"),
        ("相关新闻", "promo.related"),
        ("この記事を読んだ人におすすめ", "promo.related"),
        ("Noticias relacionadas", "promo.related"),
        ("Book now", "promo.shop"),
        ("Buy on Amazon", "promo.shop"),
        ("Request a quote", "promo.shop"),
        ("Acheter", "promo.shop"),
        ("$1,599.00 from Lowe's", "promo.shop"),
        ("$75 AT AMAZON", "promo.shop"),
        ("Amazon: $24.99", "promo.shop"),
        ("Starting at $9.99 at Walmart", "promo.shop"),
        ("Where to buy", "promo.shop"),
        ("Where to buy", "promo.shop"),
    ],
)
def test_promotions(line: str, rule: str) -> None:
    hit = check_line(line)
    assert hit is not None and hit.rule == rule, (line, hit)


def test_article_sentences_that_share_words_are_kept() -> None:
    for line in [
        "Investors were keen to share their views on the merger with regulators.",
        "Read more carefully, the statute says something else entirely.",
        "She asked readers to sign up as volunteers for the cleanup next weekend.",
        "The camera costs $75 at Amazon and is worth it.",
        "Book now, pay later schemes have grown fast, the regulator said.",
        "$75 at the door",
    ]:
        assert check_line(line) is None, line
