"""Fetching a URL for the archive: httpx, no JavaScript, every hop kept as WARC request/response."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urljoin, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .._version import __version__
from ..errors import InputError, InputTooLargeError

USER_AGENT = f"clipper/{__version__} (web clipping archiver; one page on request, no JavaScript)"
#: Largest body kept, in bytes.
MAX_BODY = 20 * 1024 * 1024
MAX_REDIRECTS = 10
#: Seconds to connect, and between bytes read.
TIMEOUT = 20.0

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class FetchError(InputError):
    """A URL could not be fetched: refused scheme, HTTP error, time-out, too many redirects."""


def looks_like_url(arg: str) -> bool:
    """Whether a command-line argument is a URL (any scheme) rather than a path."""
    return bool(_SCHEME.match(arg)) and not re.match(r"^[A-Za-z]:[\\/]", arg)


@dataclass(frozen=True, slots=True)
class Fetched:
    """The exchange of one URL: every hop's records, the final response's id and body."""

    url: str
    final_url: str
    #: gzip members, in order: request, response for each hop (redirects first).
    members: tuple[bytes, ...]
    #: WARC-Record-ID of the final response record (the clipping's original).
    response_id: str
    #: The final response record, uncompressed, as batch input.
    response_record: bytes


def check_url(url: str) -> None:
    """Refuse anything but http and https (file:, ftp:, javascript:, data: ...)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"refused: only http and https URLs are fetched, not {parts.scheme}:", url)
    if not parts.hostname:
        raise FetchError("refused: the URL names no host", url)


def fetch(url: str, *, timeout: float = TIMEOUT, max_body: int = MAX_BODY) -> Fetched:
    """Fetch `url`, following redirects by hand so that each hop is recorded.

    Raises FetchError for a refused scheme, an HTTP error status, a time-out or a loop, and
    InputTooLargeError for a body over `max_body`.
    """
    check_url(url)
    try:
        import httpx
    except ImportError as exc:
        raise FetchError(
            "fetching URLs needs httpx: pip install 'clipper-news[archive]'", url
        ) from exc
    members: list[bytes] = []
    current = url
    with httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current)
            try:
                with client.stream("GET", current) as response:
                    body = _read_capped(response, max_body, current)
                    request = response.request
            except httpx.TimeoutException as exc:
                raise FetchError(
                    f"timed out after {timeout:g} s ({type(exc).__name__})", current
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch: {exc}", current) from exc
            request_bytes, response_bytes, response_id = _records(request, response, body)
            members += [request_bytes, response_bytes]
            if response.is_redirect and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            if response.status_code >= 400:
                raise FetchError(f"HTTP status {response.status_code}", current)
            if response.status_code != 200:
                raise FetchError(f"HTTP status {response.status_code} (not a page)", current)
            import gzip

            return Fetched(
                url=url,
                final_url=current,
                members=tuple(members),
                response_id=response_id,
                response_record=gzip.decompress(response_bytes),
            )
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", url)


def _read_capped(response: object, limit: int, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():  # type: ignore[attr-defined]
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(f"the response is over the {limit}-byte limit", url)
        chunks.append(chunk)
    return b"".join(chunks)


def _records(request: object, response: object, body: bytes) -> tuple[bytes, bytes, str]:
    """The WARC request and response records (gzip members) of one hop, and the response's id."""
    req = request
    resp = response
    url = str(req.url)  # type: ignore[attr-defined]
    target = req.url.raw_path.decode("ascii")  # type: ignore[attr-defined]
    req_headers = StatusAndHeaders(
        f"{req.method} {target} HTTP/1.1",  # type: ignore[attr-defined]
        [(k, v) for k, v in req.headers.items()],  # type: ignore[attr-defined]
        is_http_request=True,
    )
    # The body is stored as received; a chunked transfer is already joined by httpx.
    headers = [
        (k, v)
        for k, v in resp.headers.multi_items()  # type: ignore[attr-defined]
        if k.lower() not in ("transfer-encoding", "content-length")
    ]
    headers.append(("Content-Length", str(len(body))))
    version = resp.http_version or "HTTP/1.1"  # type: ignore[attr-defined]
    resp_headers = StatusAndHeaders(
        f"{resp.status_code} {resp.reason_phrase}",  # type: ignore[attr-defined]
        headers,
        protocol=version,
    )
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    response_record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=resp_headers
    )
    request_record = writer.create_warc_record(
        url, "request", payload=BytesIO(b""), length=0, http_headers=req_headers
    )
    response_id = response_record.rec_headers.get_header("WARC-Record-ID")
    request_record.rec_headers.add_header("WARC-Concurrent-To", response_id)
    request_record.rec_headers.replace_header(
        "WARC-Date", response_record.rec_headers.get_header("WARC-Date")
    )
    writer.write_record(request_record)
    request_bytes = out.getvalue()
    out.seek(0)
    out.truncate()
    writer.write_record(response_record)
    return request_bytes, out.getvalue(), response_id


__all__ = ["FetchError", "Fetched", "USER_AGENT", "check_url", "fetch", "looks_like_url"]
