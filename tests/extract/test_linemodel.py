"""The copied-text line model: features of written lines, the shipped weights, body selection."""

from __future__ import annotations

import numpy as np
import pytest

from clipper.extract import linemodel
from clipper.extract.linemodel import FEATURE_NAMES, block_features, score_blocks, select_body

F = {name: i for i, name in enumerate(FEATURE_NAMES)}

NAV = [
    "Skip to content",
    "HOME",
    "NEWS",
    "SPORTS",
    "BUSINESS",
    "Subscribe",
    "Log in",
]
HEAD = [
    "City council approves new budget for parks and libraries",
    "By Jane Doe",
    "March 3, 2024",
]
PROSE = [
    "The city council voted on Tuesday to approve a budget that sets aside more money for parks "
    "and public libraries than in any year since the recession, ending months of debate.",
    "Supporters said the plan would keep branch libraries open on weekends, while critics argued "
    "that the council had not explained how it would pay for the extra staff in the long run.",
    "The mayor, who had threatened to veto an earlier draft, said she was satisfied with the "
    "compromise and would sign it before the end of the week.",
    "Residents who spoke at the meeting were divided, but most of them asked the council to "
    "protect the small neighbourhood parks that have been closed since the storm last year.",
    "The budget takes effect in July, and the first new hires are expected in the autumn.",
]
FOOTER = [
    "Share this article",
    "Facebook",
    "Twitter",
    "Email",
    "Related stories",
    "Privacy Policy",
    "© 2024 Example News. All rights reserved.",
]
CLIPPING = NAV + HEAD + PROSE + FOOTER


def test_features_of_a_prose_line() -> None:
    x = block_features([PROSE[0]])[0]
    assert x[F["ends_sentence"]] == 1
    assert x[F["stop_ratio"]] > 0.3
    assert x[F["log_words"]] > np.log(20)
    assert x[F["prose"]] == 1
    assert x[F["upper_ratio"]] < 0.1


def test_features_of_menu_date_and_byline_lines() -> None:
    lines = ["HOME", "March 3, 2024", "By Jane Doe", "홍길동 기자", "HOME", "Facebook"]
    x = block_features(lines)
    assert x[0, F["upper_ratio"]] == 1 and x[0, F["ends_sentence"]] == 0
    assert x[0, F["log_repeats"]] == pytest.approx(np.log(2))  # "HOME" twice
    assert x[1, F["month"]] == 1 and x[1, F["year"]] == 1 and x[1, F["digit_ratio"]] > 0.4
    assert x[2, F["byline"]] == 1 and x[1, F["byline"]] == 0
    assert x[3, F["ko_byline"]] == 1 and x[3, F["cjk_ratio"]] == 1
    assert x[5, F["social"]] == 1 and x[2, F["social"]] == 0
    assert x[:, F["pos_rel"]].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_features_of_cjk_prose() -> None:
    zh = "北京市政府周二宣布，将在今年年底前完成所有老旧小区的改造工作，这是城市更新计划的一部分。"
    ja = "東京都は火曜日、今年度中にすべての古い住宅地の改修を完了すると発表した。"
    x = block_features([zh, ja])
    assert (x[:, F["cjk_ratio"]] > 0.8).all()
    assert (x[:, F["ends_sentence"]] == 1).all()
    assert (x[:, F["cjk_func_ratio"]] > 0.05).all()


def test_feature_shapes_agree() -> None:
    x = linemodel.context_features(block_features(CLIPPING))
    assert x.shape[0] == len(CLIPPING)
    assert np.isfinite(x).all()
    assert linemodel.context_features(block_features([])).shape[0] == 0


def test_model_scores_navigation_low_and_prose_high() -> None:
    p = score_blocks(CLIPPING)
    assert len(p) == len(CLIPPING)
    nav = p[: len(NAV)]
    prose = p[len(NAV) + len(HEAD) : len(NAV) + len(HEAD) + len(PROSE)]
    footer = p[-len(FOOTER) :]
    assert max(nav) < 0.5
    assert max(footer) < 0.5
    assert min(prose) > 0.5


def test_select_body_keeps_the_article() -> None:
    keep = select_body(CLIPPING)
    start = len(NAV) + len(HEAD)
    assert set(range(start, start + len(PROSE))) <= set(keep)
    assert not set(keep) & set(range(len(NAV)))
    assert not set(keep) & set(range(len(CLIPPING) - len(FOOTER), len(CLIPPING)))


def test_clean_clipping_passes_whole() -> None:
    assert select_body(PROSE) == list(range(len(PROSE)))


def test_never_empty_when_there_is_text() -> None:
    # Nothing here looks like an article paragraph, yet something with words must come back.
    lines = ["Photos", "Gallery: the parade", "More photos"]
    assert select_body(lines)
    assert select_body(lines, [0.0, 0.1, 0.05]) == [1]
    assert select_body(["---", "***"]) == []
    assert select_body([]) == [] and score_blocks([]) == []


def test_deterministic() -> None:
    assert score_blocks(CLIPPING) == score_blocks(list(CLIPPING))
    assert select_body(CLIPPING) == select_body(CLIPPING)


def test_title_scores_prefer_the_headline() -> None:
    p = linemodel.score_title(CLIPPING)
    assert int(np.argmax(p)) == len(NAV)
