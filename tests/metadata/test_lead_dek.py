"""The lead paragraph a theme marks under the headline fills `subtitle` (issue 17, item 5): fundus-
dev's truth keeps it in the body, and so does the record's text; a marked dek leaves the text."""

import clipper

BODY = "".join(
    f"<p>Die Gemeinde hat am Montag die Pläne vorgestellt, Absatz {n}, und die Bürger "
    "konnten bis zum Abend Fragen stellen und Einwände vorbringen.</p>"
    for n in range(6)
)
LEAD = "Der neue Bahnhof soll 2030 fertig sein. Die Kosten steigen um ein Drittel."


def clean(between: str, after: str = "") -> clipper.Clipping:
    page = (
        "<html><body><article><h1>Der Bahnhof wird teurer als geplant</h1>"
        f'<p class="byline">Von Jo Beispiel</p>{between}{BODY}{after}</article></body></html>'
    )
    return clipper.clean_html(page.encode(), "https://www.beispiel-zeitung.de/a/b")


def test_a_marked_lead_is_the_subtitle_and_the_first_paragraph() -> None:
    record = clean(f'<p class="article-lead">{LEAD}</p>')
    assert record.subtitle == LEAD
    assert record.text.startswith(LEAD)


def test_a_marked_dek_is_the_subtitle_only() -> None:
    record = clean(f'<p class="standfirst">{LEAD}</p>')
    assert record.subtitle == LEAD
    assert LEAD not in record.text


def test_a_lead_class_far_below_the_headline_is_not_the_dek() -> None:
    # Another story's teaser at the end of the page, marked "excerpt".
    teaser = '<p class="post-excerpt">Die Stadt plant auch einen neuen Busbahnhof am Rand.</p>'
    assert clean("", teaser).subtitle is None
