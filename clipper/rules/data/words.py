"""Phrases that make up whole boilerplate lines, per rule, in several languages (data only).

Each list is matched against a whole line (give or take bullets, punctuation and a count), so an
entry here never removes a sentence that merely contains the phrase.

General rules only: an entry is here because it is a whole line of the browser copies of at least
three registrable domains of the dev data (WCXB dev articles and fundus-dev; the counts are in
training/word_support.json, made by training/word_support.py), or because `GENERAL` marks it as a
documented general pattern:

- `same("anchor", ...)`: the same button or label as `anchor` in another language, or naming
  another network; `anchor` itself needs the support (tests/rules/test_word_support.py checks);
- `pattern("why", ...)`: a documented general pattern with its reason.
"""

from __future__ import annotations

#: entry -> "same as: <anchor>" or "pattern: <why>" (see the module docstring).
GENERAL: dict[str, str] = {}


def same(anchor: str, *entries: str) -> tuple[str, ...]:
    """`entries` are `anchor` in other languages (or naming another network or shop)."""
    for entry in entries:
        GENERAL.setdefault(" ".join(entry.lower().split()), f"same as: {anchor}")
    return entries


def pattern(why: str, *entries: str) -> tuple[str, ...]:
    """`entries` follow a documented general pattern, explained by `why`."""
    for entry in entries:
        GENERAL.setdefault(" ".join(entry.lower().split()), f"pattern: {why}")
    return entries


# The skip link at the top of a page, in other languages.
_SKIP = "zum inhalt springen"

NAVIGATION: tuple[str, ...] = (
    # en
    "about us",
    "accessibility",
    "account",
    "advertise",
    "advertise with us",
    "all rights reserved",
    "archives",
    "back to top",
    "breadcrumb",
    "careers",
    "categories",
    "category",
    "close",
    "close menu",
    "contact us",
    "contents",
    "cookie policy",
    "edition",
    "english",
    "get in touch",
    "go to top",
    "home",
    "latest",
    "latest news",
    "load more",
    "log in",
    "log out",
    "login",
    "main menu",
    "menu",
    "more",
    "most popular",
    "my account",
    "navigation",
    "newsletter",
    "newsletters",
    "next",
    "next article",
    "next post",
    "open menu",
    "popular",
    "previous",
    "previous article",
    "previous next",
    "previous post",
    "privacy policy",
    "register",
    "scroll to top",
    "search",
    "search for",
    "sections",
    "see more",
    "sign in",
    "site map",
    "sitemap",
    "subscribe",
    "subscribe now",
    "table of contents",
    "tags",
    "terms and conditions",
    "terms of service",
    "terms of use",
    "toggle navigation",
    "top stories",
    "topics",
    "trending",
    "trending now",
    # de (own support)
    "zum inhalt springen",
    "startseite",
    "suche",
    "anmelden",
    "abmelden",
    # ja (own support)
    "ログイン",
    "検索",
    # the same, other languages
    *same(
        _SKIP,
        "aller au contenu",
        "aller au contenu principal",
        "saltar al contenido",
        "ir al contenido",
        "vai al contenuto",
        "salta al contenuto",
        "ir para o conteúdo",
        "naar inhoud",
        "본문 바로가기",
        "본문으로 바로가기",
        "本文へ移動",
        "本文へスキップ",
        "跳到主要內容",
        "跳至主要内容",
    ),
    *same("navigation", "zur navigation"),
    *same("home", "accueil", "inicio", "portada", "홈", "ホーム", "首页", "首頁"),
    *same("search", "rechercher", "buscar", "cerca", "pesquisar", "zoeken", "검색", "搜索"),
    *same(
        "log in", "se connecter", "connexion", "iniciar sesión", "accedi", "로그인", "登录", "登錄"
    ),
    *same("register", "회원가입"),
    *same("log out", "로그아웃"),
    *same("menu", "메뉴", "전체메뉴", "메뉴 바로가기", "주메뉴 바로가기", "メニュー", "菜单"),
    *same("close", "닫기"),
)

TICKER_LINKS: tuple[str, ...] = pattern(
    "a market widget's link, as on the project's seed clipping (seeds/000); no dev page has one",
    "view market snapshot",
    "market snapshot",
)

READ_TIME: tuple[str, ...] = ()  # patterns in readtime.py: the shapes vary by number

COMMENTS: tuple[str, ...] = (
    "comment",
    "comments",
    "join the conversation",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "reply",
    "show comments",
    "view all comments",
    "view comments",
    "kommentar",
    "kommentare",
    *same("comment", "kommentieren", "commentaire", "comentario", "commento"),
    *same(
        "comments",
        "commentaires",
        "comentarios",
        "commenti",
        "comentários",
        "댓글",
        "コメント",
        "评论",
        "評論",
    ),
    *same("leave a comment", "laisser un commentaire", "deja un comentario", "댓글쓰기"),
    *same("post a comment", "コメントする", "发表评论"),
    *same("view comments", "댓글 보기"),
)

_NETWORKS = (
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "e-mail",
    "email",
    "mail",
    "correo",
    "correo electrónico",
    "messenger",
    "bluesky",
    "threads",
)

SHARE: tuple[str, ...] = (
    "share",
    "share this",
    "share this article",
    "share this post",
    "share article",
    "share on facebook",
    "share on twitter",
    "share on linkedin",
    "tweet",
    "email",
    "e-mail",
    "print",
    "copy link",
    "link copied",
    "copied",
    "save",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "flipboard",
    "listen",
    "teilen",
    "はてなブックマーク",
    *same("share article", "artikel teilen", "기사 공유"),
    *same(
        "share",
        "partager",
        "compartir",
        "condividi",
        "compartilhar",
        "delen",
        "공유",
        "공유하기",
        "シェア",
        "分享",
        "分享到",
    ),
    *same("share this article", "partager cet article"),
    *same("print", "drucken", "imprimer", "imprimir", "stampa", "인쇄", "印刷", "印刷する", "打印"),
    *same("save", "스크랩", "スクラップ"),
    *same("tweet", "ツイート", "ポスト"),
    *same("facebook", "페이스북", "카카오톡", "카카오스토리", "微信", "微博", "朋友圈"),
    *same("twitter", "트위터"),
    # "Partager sur Facebook", "Compartir en X", "Auf WhatsApp teilen": verb, preposition,
    # network, in the languages of the share bars above ("share on facebook" has the support).
    *same(
        "share on facebook",
        *(
            f"{verb} {prep} {network}"
            for verb, preps in (
                ("share", ("on", "via")),
                ("partager", ("sur", "par", "via")),
                ("compartir", ("en", "por", "vía")),
                ("condividi", ("su", "via")),
                ("compartilhar", ("no", "na", "por", "via")),
                ("delen", ("op", "via")),
                ("teilen", ("auf", "per", "via")),
            )
            for prep in preps
            for network in _NETWORKS
        ),
        *(
            f"{prep} {network} teilen"
            for prep in ("auf", "bei", "per", "via")
            for network in _NETWORKS
        ),
    ),
)

FOLLOW: tuple[str, ...] = (
    "follow us",
    "follow us on facebook",
    "follow us on twitter",
    "follow",
    "connect with us",
    "stay connected",
    *same(
        "follow us on facebook", "follow us on instagram", "follow us on x", "follow us on linkedin"
    ),
    *same(
        "follow us", "folgen sie uns", "suivez-nous", "síguenos", "seguici", "siga-nos", "关注我们"
    ),
    *same("follow", "팔로우", "フォロー"),
)

NEWSLETTER: tuple[str, ...] = (
    "sign up",
    "sign up now",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "get our newsletter",
    "join our newsletter",
    "newsletter sign up",
    "newsletter signup",
    "enter your email",
    "enter your email address",
    "email address",
    "subscribe",
    *same("subscribe to our newsletter", "newsletter abonnieren"),
    *same("subscribe now", "jetzt abonnieren"),
    *same(
        "subscribe", "s'abonner", "abonnez-vous", "suscríbete", "assine", "구독", "구독하기", "订阅"
    ),
    *same("sign up", "inscrivez-vous", "iscriviti"),
    *same("newsletter", "뉴스레터"),
    *same("newsletter sign up", "メルマガ登録"),
)

RELATED: tuple[str, ...] = (
    "read more",
    "read next",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related topics",
    "recommended",
    "recommended for you",
    "more stories",
    "more news",
    "you may also like",
    "you might also like",
    "further reading",
    "continue reading",
    "keep reading",
    "learn more",
    "find out more",
    # de (own support)
    "mehr zum thema",
    "lesen sie auch",
    "das könnte sie auch interessieren",
    "auch interessant",
    "weitere themen",
    *same(
        "lesen sie auch",
        "à lire aussi",
        "lire aussi",
        "à lire également",
        "lire également",
        "lea también",
        "leggi anche",
        "leia também",
        "lees ook",
    ),
    *same("mehr zum thema", "sur le même sujet", "sur le même thème"),
    *same("das könnte sie auch interessieren", "das könnte sie interessieren"),
    *same("read more", "leer más", "leia mais"),
    *same("more stories", "weitere artikel"),
    *same("more news", "meer nieuws"),
    *same("you may also like", "te puede interesar", "potrebbe interessarti", "あわせて読みたい"),
    *same("you might also like", "también te puede interesar"),
    *same(
        "related articles",
        "관련기사",
        "관련 기사",
        "関連記事",
        "相关阅读",
        "相关文章",
        "articles liés",
        "verwandte artikel",
        "articoli correlati",
        "gerelateerde artikelen",
    ),
    *same(
        "related stories",
        "相關新聞",
        "相关新闻",
        "相关报道",
        "相關報導",
        "关联新闻",
        "関連ニュース",
        "관련 뉴스",
        "관련뉴스",
        "noticias relacionadas",
        "notícias relacionadas",
    ),
    *same("further reading", "延伸阅读", "延伸閱讀"),
    *same("recommended", "推荐阅读", "おすすめ記事", "추천 기사", "te recomendamos"),
    *same(
        "recommended for you",
        "함께 보면 좋은 기사",
        "この記事を読んだ人におすすめ",
        "あなたにおすすめ",
    ),
    *same("most popular", "많이 본 뉴스", "많이 본 기사", "热门新闻", "人気記事"),
    *same("find out more", "más información"),
)

# Shop buttons and price widgets of review and listing pages, as whole lines (none is a line of
# the dev truths' text; "Learn more", "Sign up now" are RELATED and NEWSLETTER).
SHOPPING: tuple[str, ...] = (
    "book now",
    "shop now",
    "order now",
    "buy on amazon",
    "read the review",
    "get a quote",
    "request a quote",
    "get started",
    "start free trial",
    "start your free trial",
    "try for free",
    "buy",
    "shop",
    "compare",
    "where to buy",
    *same("buy", "acheter"),
)

# Shops a price widget names ("$75 at Amazon"): the widget's shape is the documented pattern
# (promo.price_at_store), the names are the large retailers of the languages the lists cover.
RETAILERS: tuple[str, ...] = pattern(
    "a retailer named by a price widget ('$75 at Amazon'): promo.price_at_store",
    "amazon",
    "walmart",
    "best buy",
    "target",
    "ebay",
    "newegg",
    "b&h",
    "b&h photo",
    "backmarket",
    "back market",
    "apple",
    "costco",
    "home depot",
    "the home depot",
    "lowe's",
    "lowes",
    "wayfair",
    "etsy",
    "kohl's",
    "macy's",
    "nordstrom",
    "sephora",
    "ulta",
    "chewy",
    "rei",
    "dick's sporting goods",
    "samsung",
    "dell",
    "lenovo",
    "hp",
    "currys",
    "argos",
    "john lewis",
    "otto",
    "mediamarkt",
    "fnac",
    "el corte inglés",
)

ADVERTISING: tuple[str, ...] = (
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "ad",
    "article continues below",
    "anzeige",
    "werbung",
    *same("advertisement", "publicité", "publicidad", "pubblicità", "광고", "広告", "广告"),
)

COOKIES: tuple[str, ...] = (
    "accept",
    "manage cookies",
    "cookie settings",
    "ok",
    "privacy settings",
    "do not sell my personal information",
    "do not sell or share my personal information",
)

PAYWALL: tuple[str, ...] = (
    "become a member",
    "donate",
    "start your free trial",
    "premium",
)

LICENSING: tuple[str, ...] = pattern(
    "a syndication marker: '<...> licensed from' above the licensor's name, as on the project's "
    "seed clipping (seeds/000); licensing.origin covers the one-line forms",
    "featured article licensed from",
    "article licensed from",
    "licensed from",
)
