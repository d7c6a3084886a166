"""The API refuses what is not a page, names the URL in its errors, and keeps a time limit."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import clipper
from clipper.deadline import run_with_deadline

ARTICLE = (
    b"<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
    + b"<p>The council passed the budget on Monday after a long debate about roads.</p>" * 20
    + b"</article></body></html>"
)
URL = "https://example.com/news/budget"


@pytest.mark.parametrize("call", [clipper.clean, clipper.clean_html, clipper.clean_text])
@pytest.mark.parametrize("value", [None, 42, {"html": "<p>x</p>"}, bytearray(b"<p>x</p>")])
def test_what_is_not_a_page_is_a_type_error_naming_the_type(call, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(clipper.InputTypeError) as caught:
        call(value, url=URL)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, clipper.ClipperError)
    assert type(value).__name__ in str(caught.value)
    assert caught.value.source == URL


def test_a_str_naming_a_file_is_refused_with_what_to_pass(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE)
    for call in (clipper.clean, clipper.clean_html, clipper.clean_text):
        with pytest.raises(clipper.InputTypeError, match=r"pass pathlib\.Path\(") as caught:
            call(str(page))
        assert str(page) in str(caught.value)
    # What it says to pass works, and so does a kind given outright.
    assert clipper.clean(page).title == "Budget passes"
    assert clipper.clean(ARTICLE, kind="html").title == "Budget passes"
    assert clipper.clean(ARTICLE, kind="text").source.type == "text"
    with pytest.raises(clipper.InputTypeError, match="clean_html.*PosixPath.*clipper.clean"):
        clipper.clean_html(page)  # type: ignore[arg-type]


def test_every_error_names_the_url_given() -> None:
    cases: list[tuple[Callable[..., clipper.Clipping], bytes, type[clipper.InputError]]] = [
        (clipper.clean_html, b"", clipper.EmptyInputError),
        (clipper.clean_html, b"%PDF-1.4\n\x00\x01\x02\x03", clipper.BinaryInputError),
        (clipper.clean_text, b"   \n ", clipper.EmptyInputError),
        (clipper.clean, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", clipper.BinaryInputError),
    ]
    for call, data, error in cases:
        with pytest.raises(error) as caught:
            call(data, url=URL)
        assert caught.value.source == URL and str(caught.value).startswith(URL + ": ")
    strict = clipper.CleanOptions(require_article=True)
    with pytest.raises(clipper.NoArticleError) as no_article:
        clipper.clean_html(b"<html><body><nav>Home</nav></body></html>", url=URL, options=strict)
    assert no_article.value.source == URL


def _slow(seconds: float, ended: list[bool] | None = None) -> str:
    """Pure Python work that takes about `seconds` (interruptible between bytecodes); appends to
    `ended` if it runs to its end."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    if ended is not None:
        ended.append(True)
    return "done"


def test_timeout_in_the_main_thread_restores_the_callers_alarm() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)  # the caller's own, later timer
        ended: list[bool] = []
        with pytest.raises(clipper.CleanTimeoutError, match="0.2 s") as caught:
            run_with_deadline(lambda: _slow(3, ended), 0.2, URL)
        assert ended == []  # stopped in the middle, not after the 3 s of work
        assert caught.value.source == URL
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3.0 < left < 5.0  # the caller's timer is back, with the time it had left
        assert run_with_deadline(lambda: _slow(0.01), 1.0, URL) == "done"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_timeout_in_another_thread() -> None:
    ended: list[bool] = []

    def in_thread() -> str:
        try:
            run_with_deadline(lambda: _slow(3, ended), 0.2, URL)
        except clipper.CleanTimeoutError as exc:
            return str(exc)
        return "no timeout"

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        timed_out = pool.submit(in_thread)
        finished = pool.submit(run_with_deadline, lambda: _slow(0.05), 2.0, URL)
        message = timed_out.result()
        assert message.startswith(URL + ": cleaning took longer than the time limit of 0.2 s")
        assert ended == []  # stopped in the middle, not after the 3 s of work
        assert finished.result() == "done"
        time.sleep(0.1)  # a cancelled limit must not fire later in the thread
        assert pool.submit(lambda: _slow(0.05)).result() == "done"
    assert threading.current_thread() is threading.main_thread()


def test_clean_options_timeout_holds_from_threads_and_pool_workers() -> None:
    big = (
        b"<html><body><article>"
        + b"".join(b"<p>Paragraph %d of a very long story about the city budget.</p>" % i for i in range(20000))
        + b"</article></body></html>"
    )  # fmt: skip
    tight = clipper.CleanOptions(timeout=0.05)
    with pytest.raises(clipper.CleanTimeoutError) as caught:
        clipper.clean_html(big, url=URL, options=tight)
    assert caught.value.source == URL
    with concurrent.futures.ThreadPoolExecutor(1) as threads:
        with pytest.raises(clipper.CleanTimeoutError):
            threads.submit(clipper.clean_html, big, URL, tight).result()
    with clipper.CleanPool(workers=1) as pool:
        with pytest.raises(clipper.CleanTimeoutError) as caught:
            pool.submit("html", big, URL, tight).result()
        assert caught.value.source == URL
        assert pool.submit("html", ARTICLE, URL, tight.__class__(timeout=30)).result().title
    assert clipper.clean_html(ARTICLE, options=clipper.CleanOptions(timeout=30)).title
    with pytest.raises(ValueError, match="positive"):
        clipper.clean_html(ARTICLE, options=clipper.CleanOptions(timeout=0))
    assert os.getpid()  # the test process survived every limit
