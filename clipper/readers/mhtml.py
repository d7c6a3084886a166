"""MHTML (.mhtml, .mht: "Save as single file"): the page's HTML part, its URL and capture date."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email import errors as email_errors
from email.message import Message
from email.utils import parsedate_to_datetime

from ..errors import CorruptInputError
from .singlefile import iso

# A boundary that never appears, or a cut-off file, leaves these on the message.
_BROKEN = {
    email_errors.StartBoundaryNotFoundDefect: "the multipart boundary from its header never "
    "appears in the body (a broken boundary)",
    email_errors.CloseBoundaryNotFoundDefect: "the closing multipart boundary is missing "
    "(the file is cut short)",
    email_errors.NoBoundaryInMultipartDefect: "its multipart Content-Type names no boundary",
    email_errors.MultipartInvariantViolationDefect: "its multipart structure is broken",
}


@dataclass(frozen=True, slots=True)
class MhtmlPage:
    """The main HTML document of an MHTML file and what its headers say."""

    html: bytes
    charset: str | None
    url: str | None
    fetched: str | None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" (what Chrome writes) is UTC with no local zone: parsedate gives a naive time.
    return iso(moment) + ("Z" if moment.tzinfo is None else "")


def _defects(message: Message) -> list[str]:
    found: list[str] = []
    for part in message.walk():
        for defect in part.defects:
            for cls, why in _BROKEN.items():
                if isinstance(defect, cls) and why not in found:
                    found.append(why)
    return found


def read_mhtml(data: bytes, path: str) -> MhtmlPage:
    """Parse an MHTML file; raises CorruptInputError naming what is wrong with it."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    broken = _defects(message)
    if broken:
        raise CorruptInputError(f"MHTML file: {broken[0]}", path)
    if not message.keys():
        raise CorruptInputError("MHTML file: no MIME headers at its start", path)
    root_url = (message.get("Snapshot-Content-Location") or "").strip() or None
    html_parts = [
        p for p in message.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")
    ]
    if not html_parts:
        kinds = sorted({p.get_content_type() for p in message.walk() if not p.is_multipart()})
        held = ", ".join(kinds) if kinds else "no parts"
        raise CorruptInputError(f"MHTML file holds no HTML part (it holds {held})", path)
    # The main frame: the part at the snapshot's own location, else the first HTML part.
    main = next(
        (
            p
            for p in html_parts
            if root_url and (p.get("Content-Location") or "").strip() == root_url
        ),
        html_parts[0],
    )
    payload = main.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise CorruptInputError("MHTML file: its HTML part cannot be decoded", path)
    url = root_url or (main.get("Content-Location") or "").strip() or None
    if url and not url.startswith(("http://", "https://")):
        url = None  # "cid:" and "file:" locations are not the page's address
    return MhtmlPage(
        html=payload,
        charset=main.get_content_charset(),
        url=url,
        fetched=_date(message.get("Date")),
    )
