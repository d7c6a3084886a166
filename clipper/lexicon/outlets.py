"""News outlets and agencies, and the role words that surround names in bylines (data only)."""

from __future__ import annotations

# Lower-case names; "the " is stripped before lookup. Users extend this through site rules.
# Each entry is stripped: the first name on every line must count like the others.
OUTLETS: frozenset[str] = frozenset(
    name.strip()
    for name in """
    wall street journal|wsj|associated press|ap|the associated press|reuters|thomson reuters|
    bloomberg|bloomberg news|afp|agence france-presse|agence france presse|yonhap|yonhap news agency|
    new york times|nyt|washington post|financial times|ft|the economist|economist|guardian|
    bbc|bbc news|cnn|cnbc|npr|abc news|cbs news|nbc news|fox news|usa today|los angeles times|
    la times|chicago tribune|boston globe|politico|axios|the hill|time|newsweek|forbes|fortune|
    business insider|insider|the atlantic|new yorker|wired|the verge|techcrunch|engadget|ars technica|
    nikkei|nikkei asia|kyodo|kyodo news|jiji|jiji press|xinhua|xinhua news agency|
    china daily|south china morning post|scmp|korea herald|korea times|korea economic daily|
    the korea economic daily|hankyung|joongang|joongang daily|chosun ilbo|dong-a ilbo|
    dpa|deutsche presse-agentur|efe|ansa|tass|ria novosti|interfax|pti|press trust of india|
    ians|aap|australian associated press|canadian press|the canadian press|cp|upi|
    united press international|dow jones|dow jones newswires|marketwatch|barron's|barrons|
    the times|the telegraph|telegraph|independent|the independent|daily mail|mirror|
    le monde|le figaro|afp-jiji|el país|el pais|der spiegel|spiegel|die zeit|faz|
    staff|staff reports|news desk|newsdesk|wire reports|wire services|press release|
    pr newswire|business wire|globe newswire|accesswire|the conversation|
    kaiser health news|khn|propublica|the marshall project|stat|stat news|
    al jazeera|euronews|france 24|dw|deutsche welle|voice of america|voa|rfa|radio free asia|
    연합뉴스|뉴시스|뉴스1|연합인포맥스|共同通信|共同|時事通信|時事|新华社|新華社|中央社
    """.split("|")
) - {""}

# Agencies whose byline on another outlet's page means the story is syndicated from them
# (lower case, as written in a byline).
AGENCIES: frozenset[str] = frozenset(
    "ap|associated press|the associated press|reuters|afp|agence france-presse|bloomberg|"
    "bloomberg news|yonhap|yonhap news agency|xinhua|kyodo|kyodo news|dpa|efe|ansa|upi|"
    "dow jones newswires|tribune news service|tribune content agency".split("|")
)

# Words that make a name an organisation rather than a person.
ORG_WORDS: frozenset[str] = frozenset(
    """
    news times post journal herald tribune gazette press agency daily weekly media network
    newswire wire magazine review report reports group staff desk team editors editorial board
    inc ltd llc corp corporation company co plc gmbh foundation institute university association
    society council committee department ministry office service services center centre
    radio television tv channel broadcasting publishing publications newspaper online digital
    clinic clinics hospital hospitals hotel hotels health pllc llp
    """.split()
)

# Words naming a newsroom or desk, many languages ("BR24 Redaktion", "Redacción", "Newsroom"):
# a byline part holding one credits a desk, not a person, and is kept as a credit. A general
# pattern (the word for "editorial office"), not a list of sites: tests/metadata/
# test_credits.py prints each word's support on the dev sets.
DESK_WORDS: frozenset[str] = frozenset(
    "redaktion redaktionen rédaction redacción redaccion redazione redactie redakcja "
    "redakce redaksjonen newsroom newsdesk".split()
)

# Role words and phrases to drop from bylines, many languages.
ROLE_WORDS: frozenset[str] = frozenset(
    """
    by von par por di da de door av af
    staff writer writers reporter reporters correspondent correspondents contributor contributing
    editor editors senior chief deputy managing associate assistant columnist columnists
    photographer photographers photo photos video analyst analysis special guest author authors
    written posted published updated reviewed edited fact-checked fact checked medically
    journalist journalists redakteur redakteurin autor autorin korrespondent korrespondentin
    reporterin journaliste rédacteur
    redacteur envoyé envoyée spécial spéciale periodista redactor redacción redaccion corresponsal
    기자 특파원 선임기자 논설위원 객원기자 인턴기자 수습기자 사진기자 칼럼니스트 편집장 위원
    記者 特派員 編集委員 論説委員 撮影 文 写真 记者 特约记者 编辑 通讯员
    """.split()
)

# Suffixes that belong to a name and must never split it off ("Martin Luther King Jr.").
NAME_SUFFIXES: frozenset[str] = frozenset(
    "jr jr. sr sr. ii iii iv v phd ph.d. md m.d. esq esq. rn do dds mph mba".split()
)
# Credentials a dataset or a page may append to a name; kept in the name as written, but
# never treated as a separate author.
CREDENTIALS: frozenset[str] = frozenset(
    """md m.d. phd ph.d. rn do dds mph mba ms msc ma bsc ba cpa cfa jd j.d. np pa-c rd ld lcsw
    psyd faan dvm vmd dacvb dacvim lvt vts cfp chfc clu cepf rdn cscs cpt lmft lpc edd ed.d.
    dnp fnp aprn pharmd od dpt facc facs faap fand dabom foma cde cdces ibclc msn bsn crna
    cpp psp faclm cissp pmp shrm-cp shrm-scp sphr phr cmp ryt e-ryt llm esq mfa mpa msw lmsw""".split()
)

# Words that never occur in a person's name as bylines print it, but do occur in the labels,
# job titles and widgets that sit where a byline would ("Community Development", "USE CASE",
# "Certified Pediatric Sleep Consultant"). A candidate holding one is not a person.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    """
    consultant consultants director manager founder co-founder cofounder ceo cto cfo coo cmo
    president officer coordinator specialist strategist expert educator engineer developer
    designer scientist researcher professor lecturer attorney lawyer physician dietitian
    nutritionist therapist trainer marketer marketing certified licensed official admin
    administrator webmaster moderator support solution solutions category categories tag tags
    name community development records resources services products insights tips guide guides
    blog updates menu search login logout account subscribe subscription
    newsletter podcast video videos contact privacy policy terms cookie cookies learn more view
    full profile region industry information section sections abstract website originally topic
    topics type price popularity relevance newest oldest mon tue wed thu fri sat sun monday
    tuesday wednesday thursday friday saturday sunday submit article articles hub cited
    size publicerad publisert uppdaterad oppdatert veröffentlicht aktualisiert
    clinician clinicians actuary gardener astrologer horticulturalist horticulturist
    role roles industry industries manufacturer manufacturers style styles size use
    strategy strategies planning checklist checklists journalism travel
    """.split()
)
