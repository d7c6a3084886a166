"""The review page: a Flask app over one archive folder (search, clipping, removed, original, teach)."""

from __future__ import annotations

import hmac
import secrets
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

# flask.request, .session and .g are used through the module: as names in this module's
# globals, a tool that walks modules (tests/hostile/regex_probe.py) would touch the proxies
# outside a request, which raises.
import flask
from flask import Flask, Response, abort, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from ..archive import Archive, OriginalBytes
from ..errors import ArchiveError, ClipperError
from ..readers.sniff import sniff_kind
from .lines import ordered_lines, page_lines
from .teach import add_rule, read_rules

__all__ = ["APP_CSP", "ORIGINAL_CSP", "create_app"]

#: The app's own pages: its scripts and styles only, frames only from itself, no plugins.
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
#: A saved page: nothing loads (no network, no scripts), inline styles and data: images only,
#: and the browser's own sandbox on top of the iframe's.
ORIGINAL_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:;"
    " form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox"
)
#: Removals made by the extractor's layout reading, not by a line rule: a keep rule brings
#: them back too (the extractors apply it there), and the page says where they came from.
LAYOUT_FAMILIES = frozenset({"header", "layout", "html", "repeats"})
#: Removals no keep rule overrides: a page that is not an article as a whole.
NOT_KEPT = frozenset({"html.no_article"})
FACETS = ("site", "author", "outlet", "lang", "since", "until")
PAGE = 20


def create_app(archive_path: str, *, password: str | None = None) -> Flask:
    """The review app for the archive at `archive_path` (opened per request, so adds made
    meanwhile show). With `password`, every request needs it (HTTP Basic, any user name)."""
    Archive(archive_path).close()  # fail now, naming the folder, if it is not an archive
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        ARCHIVE=archive_path,
    )
    app.jinja_env.autoescape = True

    @contextmanager
    def opened() -> Iterator[Archive]:
        with Archive(archive_path) as archive:
            yield archive

    @app.before_request
    def guard() -> BaseResponse | None:
        if password is not None:
            auth = flask.request.authorization
            given = (auth.password or "") if auth is not None else ""
            if not hmac.compare_digest(given.encode(), password.encode()):
                return Response(
                    "password needed\n", 401, {"WWW-Authenticate": 'Basic realm="clipper"'}
                )
        if "csrf" not in flask.session:
            flask.session["csrf"] = secrets.token_urlsafe(32)
        flask.g.csrf = flask.session["csrf"]
        if flask.request.method == "POST":
            sent = flask.request.form.get("csrf", "")
            if not hmac.compare_digest(sent.encode(), str(flask.session["csrf"]).encode()):
                abort(403, "missing or wrong form token (reload the page)")
        return None

    @app.after_request
    def headers(response: BaseResponse) -> BaseResponse:
        response.headers.setdefault("Content-Security-Policy", APP_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    @app.errorhandler(ArchiveError)
    def archive_error(exc: ArchiveError) -> tuple[str, int]:
        return render_template("error.html", message=str(exc)), 404

    @app.errorhandler(ClipperError)
    def clipper_error(exc: ClipperError) -> tuple[str, int]:
        return render_template("error.html", message=str(exc)), 400

    @app.get("/")
    def search() -> str:
        query = flask.request.args.get("q", "").strip() or None
        facets = {k: flask.request.args.get(k, "").strip() or None for k in FACETS}
        page = max(1, flask.request.args.get("page", 1, type=int) or 1)
        with opened() as archive:
            hits = archive.search(
                query, limit=PAGE + 1, offset=(page - 1) * PAGE, mark=("\x02", "\x03"), **facets
            )
            sites = archive.sites()[:50]
            facet_lists = _facet_lists(archive)
        return render_template(
            "search.html",
            query=query or "",
            facets=facets,
            hits=[_hit_view(h) for h in hits[:PAGE]],
            more=len(hits) > PAGE,
            page=page,
            sites=sites,
            facet_lists=facet_lists,
        )

    @app.get("/clip/<cid>")
    def clipping(cid: str) -> str:
        with opened() as archive:
            clip = archive.get(cid)
            has_original = _original(archive, cid) is not None
            versions = [r for r in archive.records(clip.id) if r["role"] == "metadata"]
        return render_template(
            "clipping.html",
            clip=clip,
            versions=versions,
            paragraphs=[p for p in clip.text.split("\n\n") if p.strip()],
            site=_site(clip.url),
            has_original=has_original,
        )

    @app.get("/clip/<cid>/removed")
    def removed(cid: str) -> str:
        with opened() as archive:
            clip = archive.get(cid)
            original = _original(archive, cid)
            site = _site(clip.url)
            rules_path = archive.site_rules_path(site) if site else None
        page = page_lines(original.data, _is_html(original)) if original else None
        ordered = ordered_lines(clip, page)
        lines = ordered.lines
        counts = Counter(line.rule for line in lines if line.rule)
        return render_template(
            "removed.html",
            clip=clip,
            lines=lines,
            exact=ordered.exact,
            not_kept=NOT_KEPT,
            counts=counts.most_common(),
            site=site,
            rules_path=rules_path,
            taught=flask.request.args.get("taught"),
            layout_families=LAYOUT_FAMILIES,
        )

    @app.get("/clip/<cid>/versions")
    def versions(cid: str) -> str:
        with opened() as archive:
            clip = archive.get(cid)
            history = archive.versions(clip.id)
        return render_template("versions.html", clip=clip, versions=history)

    @app.get("/clip/<cid>/original")
    def original_frame(cid: str) -> str:
        with opened() as archive:
            clip = archive.get(cid)
            original = _original(archive, cid)
        if original is None:
            abort(404, "this clipping was archived without its original")
        return render_template("original.html", clip=clip, original=original)

    @app.get("/clip/<cid>/original.raw")
    def original_raw(cid: str) -> Response:
        with opened() as archive:
            original = _original(archive, cid)
        if original is None:
            abort(404)
        kind = "text/html" if _is_html(original) else "text/plain"
        charset = _charset(original.content_type)
        return Response(
            original.data,
            headers={
                "Content-Type": f"{kind}; charset={charset}" if charset else kind,
                "Content-Security-Policy": ORIGINAL_CSP,
                "Cache-Control": "no-store",
            },
        )

    @app.post("/teach")
    def teach() -> BaseResponse:
        cid = flask.request.form.get("clipping", "")
        line = flask.request.form.get("line", "")
        action = flask.request.form.get("action", "")
        with opened() as archive:
            clip = archive.get(cid)
            site = _site(clip.url)
            if not site:
                raise ClipperError("this clipping has no site (no URL) to teach a rule for", cid)
            path = archive.site_rules_path(site)
        rule = add_rule(path, line, action, site)
        return redirect(url_for("removed", cid=clip.id, taught=rule["name"]), 303)

    @app.get("/rules/<site>")
    def rules(site: str) -> str:
        with opened() as archive:
            path = archive.site_rules_path(site)
        return render_template("rules.html", site=site, path=path, rules=read_rules(path))

    @app.post("/reclean")
    def reclean() -> str:
        site = flask.request.form.get("site", "")
        dry_run = flask.request.form.get("dry_run") == "1"
        with opened() as archive:
            result = archive.reclean(site, dry_run=dry_run)
            titles = {row[0]: archive.get(row[0]).title for row in result.rows}
            path = archive.site_rules_path(site)
        rules = sorted(set(result.removed_before) | set(result.removed_after))
        return render_template("reclean.html", result=result, titles=titles, path=path, rules=rules)

    return app


def _original(archive: Archive, cid: str) -> OriginalBytes | None:
    try:
        return archive.original(cid)
    except ArchiveError:
        return None


def _is_html(original: OriginalBytes) -> bool:
    media = (original.content_type or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return True
    return not media.startswith("text/plain") and sniff_kind(original.data) == "html"


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def _site(url: str | None) -> str | None:
    host = urlsplit(url or "").hostname
    return host.lower().removeprefix("www.") if host else None


def _hit_view(hit: Any) -> dict[str, Any]:
    """A hit with its snippet cut into (text, marked) pieces, so the template escapes both."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(hit.snippet.replace("\x03", "\x02").split("\x02")):
        if part:
            pieces.append((part, i % 2 == 1))
    return {"hit": hit, "pieces": pieces}


def _facet_lists(archive: Archive) -> dict[str, list[tuple[str, int]]]:
    """The values each facet can take, most clippings first, for the facet menus."""
    db = archive.db
    return {
        "lang": [
            (str(v), int(n))
            for v, n in db.execute(
                "SELECT language, count(*) FROM clippings WHERE language IS NOT NULL"
                " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 30"
            )
        ],
        "outlet": [
            (str(v), int(n))
            for v, n in db.execute(
                "SELECT publisher, count(*) FROM clippings WHERE publisher IS NOT NULL"
                " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 30"
            )
        ],
        "author": [
            (str(v), int(n))
            for v, n in db.execute(
                "SELECT name, count(DISTINCT clipping) FROM people GROUP BY 1"
                " ORDER BY 2 DESC, 1 LIMIT 30"
            )
        ],
    }
