"""Month names and abbreviations per language, and time-zone abbreviations (data only)."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
_NAMES = {
    "en": [
        "january february march april may june july august september october november december",
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "jan feb mar apr may june july aug sept oct nov dec",
    ],
    "de": [
        "januar februar märz april mai juni juli august september oktober november dezember",
        "jan feb mär apr mai jun jul aug sep okt nov dez",
        "jänner feber maerz apr mai jun jul aug sept okt nov dez",
    ],
    "fr": [
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janv févr mars avr mai juin juil août sept oct nov déc",
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    ],
    "es": [
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "ene feb mar abr may jun jul ago sep oct nov dic",
        "ene feb mar abr may jun jul ago set oct nov dic",
    ],
    "it": [
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "gen feb mar apr mag giu lug ago set ott nov dic",
    ],
    "pt": [
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "jan fev mar abr mai jun jul ago set out nov dez",
    ],
    "nl": [
        "januari februari maart april mei juni juli augustus september oktober november december",
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
    ],
}
for _lang, _rows in _NAMES.items():
    for _row in _rows:
        for _i, _name in enumerate(_row.split(), start=1):
            MONTHS.setdefault(_name, _i)

# Abbreviations with a fixed offset. "ET", "PT" and friends depend on the date (daylight saving),
# so they map to an IANA zone instead (ZONES).
TZ_OFFSETS: dict[str, str] = {
    "utc": "+00:00",
    "gmt": "+00:00",
    "z": "+00:00",
    "est": "-05:00",
    "edt": "-04:00",
    "cst": "-06:00",
    "cdt": "-05:00",
    "mst": "-07:00",
    "mdt": "-06:00",
    "pst": "-08:00",
    "pdt": "-07:00",
    "bst": "+01:00",
    "cet": "+01:00",
    "cest": "+02:00",
    "eet": "+02:00",
    "eest": "+03:00",
    "ist": "+05:30",
    "kst": "+09:00",
    "jst": "+09:00",
    "hkt": "+08:00",
    "sgt": "+08:00",
    "aest": "+10:00",
    "aedt": "+11:00",
}
ZONES: dict[str, str] = {
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}
