"""The copied-text line model: features of written lines, the shipped weights, body selection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clipper.extract.linemodel.context import context_features
from clipper.extract.linemodel.features import FEATURE_NAMES, block_features
from clipper.extract.linemodel.model import score_blocks, score_title
from clipper.extract.linemodel.selection import select_body
from clipper.rules import check_line

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
    lines = [
        "HOME",
        "March 3, 2024",
        "By Jane Doe",
        "Visit https://example.com",
        "HOME",
        "Facebook",
    ]
    x = block_features(lines)
    assert x[0, F["upper_ratio"]] == 1 and x[0, F["ends_sentence"]] == 0
    assert x[0, F["log_repeats"]] == pytest.approx(np.log(2))  # "HOME" twice
    assert x[1, F["month"]] == 1 and x[1, F["year"]] == 1 and x[1, F["digit_ratio"]] > 0.4
    assert x[2, F["byline"]] == 1 and x[1, F["byline"]] == 0
    assert x[3, F["url"]] == 1 and x[2, F["url"]] == 0
    assert x[5, F["social"]] == 1 and x[2, F["social"]] == 0
    assert x[:, F["pos_rel"]].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_cjk_prose_measures_like_latin_prose() -> None:
    # No feature names the script; sizes and function-word ratios land near English prose.
    en = (
        "The city government announced on Tuesday that it would finish renovating all old "
        "housing estates by the end of the year, as part of its urban renewal plan."
    )
    zh = "北京市政府周二宣布，将在今年年底前完成所有老旧小区的改造工作，这是城市更新计划的一部分。"
    ja = "東京都は火曜日、今年度中にすべての古い住宅地の改修を完了すると発表した。"
    ko = "북한이 5일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다."
    x = block_features([en, zh, ja, ko])
    for row in x[1:]:
        assert row[F["ends_sentence"]] == 1 and row[F["starts_upper"]] == 1
        assert row[F["letter_ratio"]] > 0.8
        assert 0.15 < row[F["stop_ratio"]] < 0.8
        assert abs(row[F["log_words"]] - x[0, F["log_words"]]) < 1.2
        assert abs(row[F["log_chars"]] - x[0, F["log_chars"]]) < 1.2


def test_feature_shapes_agree() -> None:
    x = context_features(block_features(CLIPPING))
    assert x.shape[0] == len(CLIPPING)
    assert np.isfinite(x).all()
    assert context_features(block_features([])).shape[0] == 0


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
    p = score_title(CLIPPING)
    assert int(np.argmax(p)) == len(NAV)


# Made-up clippings in other languages and scripts (the training copies are all Latin script).
LANGUAGES = {
    "ko": (
        ["본문 바로가기", "로그인", "회원가입", "정치", "경제", "사회", "전체메뉴"],
        [
            "(서울=연합뉴스) 북한이 5일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 "
            "밝혔다. 합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다고 설명했다.",
            "군 당국은 한미 정보당국이 긴밀히 공조하며 추가 발사에 대비해 감시와 경계를 강화하고 "
            "있다고 전했다. 북한의 탄도미사일 발사는 올해 들어 여섯 번째다.",
            "정부는 이날 오후 국가안전보장회의를 열어 대응 방안을 논의할 예정이라고 밝혔다.",
        ],
        ["많이 본 뉴스", "댓글 0", "저작권자 무단전재 및 재배포 금지"],
    ),
    "ja": (
        ["メニュー", "ログイン", "ホーム", "政治", "経済", "国際"],
        [
            "東京都は火曜日、今年度中にすべての古い住宅地の改修を完了すると発表した。"
            "計画には約二千億円の予算が充てられる見通しだ。",
            "都の担当者によると、改修の対象となるのは築四十年以上の集合住宅で、耐震補強と"
            "断熱工事を中心に進めるという。住民の負担は求めない方針だ。",
            "専門家は、高齢化が進む地域での生活環境の改善につながると評価している。",
        ],
        ["関連記事", "ランキング", "利用規約"],
    ),
    "zh": (
        ["首页", "登录", "新闻", "财经", "科技", "体育"],
        [
            "北京市政府周二宣布，将在今年年底前完成所有老旧小区的改造工作，这是城市更新计划的"
            "一部分。改造内容包括加装电梯、更换管线和修缮外墙。",
            "市住房和城乡建设委员会负责人表示，改造资金主要由市级财政承担，居民不需要额外"
            "出资。目前已有三百多个小区完成了前期调查。",
            "专家认为，这项工作对于改善居民生活条件具有重要意义。",
        ],
        ["相关阅读", "热门推荐", "版权所有"],
    ),
    "de": (
        ["Zum Inhalt springen", "Startseite", "Politik", "Wirtschaft", "Anmelden"],
        [
            "Der Stadtrat hat am Dienstag einen Haushalt beschlossen, der mehr Geld für Parks und "
            "öffentliche Bibliotheken vorsieht als in jedem Jahr seit der Rezession.",
            "Befürworter sagten, mit dem Plan könnten die Stadtteilbibliotheken auch am Wochenende "
            "geöffnet bleiben, während Kritiker bemängelten, dass die Finanzierung unklar sei.",
            "Die Bürgermeisterin kündigte an, den Haushalt noch vor Ende der Woche zu unterzeichnen.",
        ],
        ["Mehr zum Thema", "Impressum", "Datenschutz"],
    ),
    "fr": (
        ["Aller au contenu", "Accueil", "Politique", "Économie", "Connexion"],
        [
            "Le conseil municipal a adopté mardi un budget qui consacre davantage d'argent aux "
            "parcs et aux bibliothèques publiques que lors de toutes les années précédentes.",
            "Ses partisans estiment que le plan permettra de garder les bibliothèques de quartier "
            "ouvertes le week-end, tandis que les critiques s'interrogent sur son financement.",
            "La maire a indiqué qu'elle signerait le texte avant la fin de la semaine.",
        ],
        ["À lire aussi", "Mentions légales", "Politique de confidentialité"],
    ),
    "es": (
        ["Ir al contenido", "Inicio", "Política", "Economía", "Iniciar sesión"],
        [
            "El ayuntamiento aprobó el martes un presupuesto que destina más dinero a los parques "
            "y a las bibliotecas públicas que en cualquier año desde la recesión.",
            "Sus defensores dijeron que el plan permitirá mantener abiertas las bibliotecas de los "
            "barrios los fines de semana, mientras que los críticos cuestionaron su financiación.",
            "La alcaldesa afirmó que firmará el presupuesto antes de que termine la semana.",
        ],
        ["Noticias relacionadas", "Aviso legal", "Política de privacidad"],
    ),
}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_languages_keep_prose_and_drop_menus(lang: str) -> None:
    nav, prose, footer = LANGUAGES[lang]
    blocks = nav + prose + footer
    # As the pipeline uses it: the model's selection, less what the line rules remove.
    keep = {i for i in select_body(blocks) if check_line(blocks[i]) is None}
    body = set(range(len(nav), len(nav) + len(prose)))
    # The two long paragraphs always; of the menus and footers at most one line that touches the
    # story (a short clipping gives the model little context at its edges).
    assert {len(nav), len(nav) + 1} <= keep
    assert len(keep - body) <= 1
    p = score_blocks(blocks)
    assert max(p[: len(nav) - 1]) < 0.5
    assert max(p[len(nav) + len(prose) + 1 :]) < 0.5


def test_hostile_blocks() -> None:
    # A lone surrogate (lossy decoders, file names) is a character like any other.
    assert select_body(["abc \udcff def", PROSE[0]]) == [1]
    # Far beyond the training range (one line 20,000 times): the menu must not become the body.
    assert select_body(["Home"] * 20000 + [PROSE[0]]) == [20000]
    # Blocks with line breaks inside still give one score each.
    assert len(score_blocks(["two\nlines", "a\r\nb", PROSE[0]])) == 3


def test_weights_trained_on_other_features_are_refused(tmp_path: Path) -> None:
    from clipper.extract.linemodel.model import WEIGHTS, _Model

    with np.load(WEIGHTS, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    names = list(arrays["feature_names"])
    names[0], names[1] = names[1], names[0]
    arrays["feature_names"] = np.array(names)
    path = tmp_path / "swapped.npz"
    np.savez(path, **arrays)
    with pytest.raises(RuntimeError, match="other features"):
        _Model(path)
    assert _Model(WEIGHTS).threshold == float(arrays["threshold"])
