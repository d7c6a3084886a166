"""The review page: a small local web app over an archive (docs/serve.md).

`create_app(path)` makes the Flask app; `run(path, host, port, password)` serves it with
Werkzeug's server. Flask is the `serve` extra: `pip install 'clipper-news[serve]'`.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..errors import ConfigError

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["LOOPBACK", "check_host", "create_app", "run"]

LOOPBACK = "127.0.0.1"


def check_host(host: str, password: str | None) -> None:
    """Refuse to listen beyond this machine without a password (ConfigError, option "host")."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and not password:
        raise ConfigError(
            f"serving on {host} lets other machines in: give a password too", option="host"
        )


def create_app(archive_path: str, *, password: str | None = None) -> Flask:
    """The Flask app for the archive at `archive_path` (see app.create_app)."""
    from .app import create_app as make

    return make(archive_path, password=password)


def run(
    archive_path: str, host: str = LOOPBACK, port: int = 8765, password: str | None = None
) -> None:
    """Serve the review page until interrupted.

    A thread a connection: a connection the browser opens ahead and leaves idle (a preconnect)
    must not hold up the page it asks for next. Each request opens the archive on its own
    (SQLite in WAL mode: reads go on while a re-clean writes)."""
    from werkzeug.serving import run_simple

    check_host(host, password)
    run_simple(host, port, create_app(archive_path, password=password), threaded=True)
