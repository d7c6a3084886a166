"""The review page's test harness: a real archive, the real app on a loopback port, a real Chromium.

Chromium and chromedriver come from Debian's packages (`apt-get install chromium
chromium-driver`); `.ci/run` installs them. Without them the browser tests fail in CI (CI=true)
and are skipped with that instruction on a developer machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CLIPPER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CLIPPER_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL = "install them with: sudo apt-get install chromium chromium-driver"


def _need_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        message = f"the browser tests need {', '.join(missing)}: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class LiveServer:
    """The review app served by Werkzeug on a free loopback port, in a thread of this process."""

    def __init__(self, archive: Path, password: str | None = None) -> None:
        from werkzeug.serving import make_server

        from clipper.serve import create_app

        self.app = create_app(str(archive), password=password)
        # Threaded: a connection the browser opens ahead (a preconnect) must not hold up the next
        # request, as it would with one connection served at a time.
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(10)


class Beacon:
    """A loopback HTTP server standing in for "the network": hostile markup points here, so any
    request it gets is a request that should never have been made."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"x")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def live() -> Iterator[Any]:
    """Start the app over an archive folder: `live(path)` returns the running LiveServer."""
    started: list[LiveServer] = []

    def start(archive: Path, password: str | None = None) -> LiveServer:
        started.append(LiveServer(archive, password))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    b = Beacon()
    yield b
    b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium through Selenium, a fresh profile, performance log on (every request)."""
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="clipper-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1100,800",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
