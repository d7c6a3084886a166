"""trafilatura's and htmldate's loggers: quiet while a page is cleaned, as they were otherwise."""

from __future__ import annotations

import logging
import subprocess
import sys

from clipper import clean_html

PAGE = (
    "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
    + "<p>The council approved the budget on Tuesday after a long debate about parks.</p>" * 5
    + "</article></body></html>"
)


def test_import_configures_no_logger() -> None:
    code = (
        "import logging, clipper, clipper.extract.html; "
        "print(logging.getLogger('trafilatura').level, logging.getLogger('htmldate').level)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_levels_restored_after_cleaning() -> None:
    trafilatura = logging.getLogger("trafilatura")
    htmldate = logging.getLogger("htmldate")
    before = htmldate.level
    htmldate.setLevel(logging.DEBUG)
    try:
        seen: list[int] = []
        handler = logging.Handler()
        handler.emit = lambda record: seen.append(record.levelno)  # type: ignore[method-assign]
        trafilatura.addHandler(handler)
        trafilatura.warning("outside a clean call: shown")
        clean_html(PAGE)
        assert seen == [logging.WARNING]
        assert trafilatura.level == logging.NOTSET
        assert htmldate.level == logging.DEBUG
    finally:
        trafilatura.removeHandler(handler)
        htmldate.setLevel(before)
