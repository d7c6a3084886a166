"""The most frequent function words of some Latin-script languages, for telling them apart (data only)."""

from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
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
