"""Word lists (data only): function words per language, and the word categories the copied-text
line model counts (months, social, promo, time, byline and copyright words).

`STOPWORDS` serves the line model's stop-word ratio and the title ranker; `FREQUENT_WORDS`, the
few most frequent function words of each Latin-script language, tells those languages apart.

Prose is dense in function words, menus and link lists are not (the jusText observation). Lists are
lower-case; Korean particles are matched as a word's last syllable, Chinese and Japanese function
characters one character at a time.
"""

from __future__ import annotations

_EN = """a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours out over own same she should so
some such than that the their theirs them then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours also
said says its it's i'm don't can't won't didn't isn't been may might must shall one two new like"""
_DE = """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis
bist da damit dann das dass dem den denn der des dich die dies diese diesem diesen dieser dir doch dort
du durch ein eine einem einen einer es etwas für gegen hat hatte hier ich ihm ihn ihr ihre im in ist ja
jetzt kann kein keine man mein mich mir mit muss nach nicht nichts noch nun nur ob oder ohne schon sehr
sein seine sich sie sind so soll über um und uns unter vom von vor war waren was weil wenn wer werden
wie wieder will wir wird wo zu zum zur zwischen wurde wurden haben habe einen"""
_FR = """à au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma mais me
même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton
tu un une vos votre vous été est sont était ont avait a plus aussi comme bien sans être fait tout très
entre après avant depuis lors leurs dont cela ça"""
_ES = """a al algo algunos ante antes como con contra cual cuando de del desde donde durante e el él ella
ellas ellos en entre era es esa ese eso esta está están este esto fue ha han hasta hay la las le les lo
los más me mi mucho muy nada ni no nos o otra otro para pero poco por porque que quien se ser si sí sin
sobre son su sus también tiene todo tras un una uno unos y ya fueron había sido"""
_IT = """a ad al alla alle anche che chi ci come con cui da dal dalla degli dei del della delle di e è
gli ha hanno il in io la le lo ma mi ne nel nella non per più può quella quello questa questo se si sono
su sua suo tra un una uno stato essere"""
_PT = """a ao aos as até com como da das de dela dele do dos e é ela ele eles em entre era essa esse esta
este eu foi foram há isso já mais mas me mesmo muito na nas não no nos o os ou para pela pelo por que
quem se sem ser seu sua são também tem um uma"""
_NL = """aan al als bij dan dat de den der die dit door een en er had heb hebben het hij hoe hun ik in is
je kan maar me met mij na naar niet nog nu of om omdat ook op over te tot uit van voor was wat we wel
werd wij worden zal ze zich zij zijn"""

STOPWORDS: frozenset[str] = frozenset(
    w for block in (_EN, _DE, _FR, _ES, _IT, _PT, _NL) for w in block.split()
)

# Korean particles and verb endings, as the last syllable of a space-separated word.
KOREAN_ENDINGS: frozenset[str] = frozenset("은는이가을를의에도로와과다서고며면게지만며요")

# Chinese and Japanese function characters (particles, copulas, common grammatical characters).
CJK_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和也有不这那我他她们就都而及与或但被把对从向于之其所以为着过地得"
    "のはをにがでともへやかなたしてるいうれだすま"
)

# Month names and abbreviations (en, de, fr, es, it, pt, nl), as tokens after punctuation is dropped.
MONTHS: frozenset[str] = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai juni juli oktober dezember
    okt dez janvier février mars avril juin juillet août septembre octobre novembre décembre janv févr
    avr juil déc enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
    noviembre diciembre ene gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro januari februari maart
    mei augustus""".split()
)

# Share and follow buttons.
SOCIAL_WORDS: frozenset[str] = frozenset(
    """facebook twitter linkedin whatsapp pinterest instagram youtube tiktok reddit telegram email
    e-mail mail print share shares teilen partager compartir condividi delen flipboard threads bluesky
    mastodon x 공유 카카오톡 페이스북 트위터 weibo wechat line rss""".split()
)

# Words of page furniture: menus, promos, comments, cookie and subscription notices.
PROMO_WORDS: frozenset[str] = frozenset(
    """related comments comment subscribe subscription newsletter newsletters cookies cookie privacy
    advertisement advertising advertise ad ads sponsored recommended trending popular download app
    apps terms menu search tags tag category categories reply login logout signup sign register
    account home contact about more next previous prev read continue see view watch listen
    loading copyright policy sitemap faq help support careers shop store cart donate podcast podcasts
    video videos photos gallery latest news topics sections edition weather opinion sports
    kommentare kommentar werbung anzeige abonnieren datenschutz impressum startseite mehr weiterlesen
    publicité commentaires abonnez accueil lire suite plus publicidad comentarios suscríbete inicio
    leer más pubblicità commenti iscriviti 댓글 구독 광고 로그인 회원가입 전체메뉴 검색 더보기
    관련기사 많이 본 뉴스 인기""".split()
)

# Clock and time-zone words.
TIME_WORDS: frozenset[str] = frozenset(
    """am pm a.m p.m gmt utc est edt cst cdt pst pdt bst cet cest kst jst ist et pt uhr h updated
    published posted aktualisiert veröffentlicht publié actualizado publicado mis à jour 입력 수정
    업데이트 승인 ago hours minutes hour minute mins min""".split()
)

# First words of a byline.
BYLINE_WORDS: frozenset[str] = frozenset(
    """by von par por di door av af author authors autor autorin auteur written posted reporter
    reported text editor""".split()
)

COPYRIGHT_WORDS: frozenset[str] = frozenset(
    """copyright rights reserved © droits rechte derechos diritti 저작권 무단전재 재배포 版权所有
    著作権""".split()
)


# The most frequent function words of some Latin-script languages, for telling them apart.
FREQUENT_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is that for it was on with as are be by this at from have has not but they his her which said".split()
    ),
    "de": frozenset(
        "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch es an als werden wird bei nach".split()
    ),
    "fr": frozenset(
        "le la les de des et est une un pour que qui dans en du au pas sur par avec ce sont il elle plus ont été".split()
    ),
    "es": frozenset(
        "el la los las de del y que en un una es por con para se no su al lo como más pero sus fue ha".split()
    ),
    "it": frozenset(
        "il di che la è per un una in non con del della le gli sono si da al anche ma come più nel alla".split()
    ),
    "pt": frozenset(
        "o a os as de do da que em um uma é para com não por se na no mais como dos das ao foi mas".split()
    ),
    "nl": frozenset(
        "de het een van en is dat in op te zijn met voor niet die er ook aan als bij door naar maar".split()
    ),
    "sv": frozenset(
        "och att det som en på är av för med till den har inte om ett var jag men från".split()
    ),
    "pl": frozenset("i w na z że się nie do to jest o jak po od ale za przez dla są tym".split()),
    "tr": frozenset(
        "ve bir bu da de için ile olan çok daha gibi en ama ne olarak kadar sonra".split()
    ),
    "id": frozenset(
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada adalah".split()
    ),
}
