"""A Scrapy item pipeline that cleans each item's page in worker processes.

    pip install 'clipper-news[scrapy]'

    ITEM_PIPELINES = {"clipper.contrib.scrapy.CleanPipeline": 300}

Each item holds a page (`CLIPPER_INPUT_FIELD`, default ``"html"``) and its URL
(`CLIPPER_URL_FIELD`, default ``"url"``). The page is cleaned in a `clipper.CleanPool` of worker
processes, so the reactor never waits on cleaning; the item goes on down the pipeline when its
page is done (items leave in the order their cleaning finishes, not the order they came in).

Settings (all optional):

==========================  ==========  =============================================================
``CLIPPER_FIELDS``          list/dict   record fields to add to the item: a list of field names
                                        (``["title", "text"]``) or a mapping item key -> record field
                                        (``{"clean_text": "text"}``); the record field ``"record"``
                                        stands for the whole record as a dict. Default: title, text,
                                        authors, published, language.
``CLIPPER_INPUT_FIELD``     str         item key holding the page (str or bytes). Default ``"html"``.
``CLIPPER_INPUT_KIND``      str         ``"html"``, ``"text"`` (copied text) or ``"auto"``. Default
                                        ``"html"``.
``CLIPPER_URL_FIELD``       str         item key holding the page's URL. Default ``"url"``.
``CLIPPER_DROP_NO_ARTICLE`` bool        drop items whose page holds no article text (else keep them,
                                        with an empty ``text``). Default False.
``CLIPPER_DROP_ERRORS``     bool        drop items whose page cannot be cleaned (else keep them with
                                        the error in ``CLIPPER_ERROR_FIELD``). Default False.
``CLIPPER_ERROR_FIELD``     str         item key for ``{"error": class name, "message": ...}``.
                                        Default ``"clipper_error"``.
``CLIPPER_ARCHIVE``         path        an archive folder (made if missing) each record is added
                                        to with the page it was made from, in batches of
                                        ``CLIPPER_ARCHIVE_BATCH`` (default 100) and at close
                                        (``clipper.Archive.add_clippings``). Default: none.
``CLIPPER_WORKERS``         int         worker processes. Default: the CPUs this process may use.
``CLIPPER_TIMEOUT``         float       seconds one page may take (`CleanOptions.timeout`).
``CLIPPER_OPTIONS``         dict        any other `CleanOptions` fields, e.g. ``{"language": "de"}``.
==========================  ==========  =============================================================

Items must accept the new keys: dicts do; a `scrapy.Item` must declare them as fields.
When the spider closes, the pipeline waits for the pages still being cleaned, then closes the
worker pool (and the archive).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from twisted.internet import defer
from twisted.internet.interfaces import IReactorFromThreads

from ..errors import ClipperError, NoArticleError
from ..models import CleanOptions, Clipping
from ..workers import CleanPool, Kind
from ..writers.base import Original

log = logging.getLogger(__name__)
DEFAULT_FIELDS = ("title", "text", "authors", "published", "language")
_RECORD_FIELDS = {f.name for f in dataclasses.fields(Clipping)} | {"record"}


def _field_map(setting: Any) -> dict[str, str]:
    """CLIPPER_FIELDS as item key -> record field, checked against the record's fields."""
    if setting is None:
        mapping = {name: name for name in DEFAULT_FIELDS}
    elif isinstance(setting, str):
        mapping = {name.strip(): name.strip() for name in setting.split(",") if name.strip()}
    elif isinstance(setting, Mapping):
        mapping = {str(k): str(v) for k, v in setting.items()}
    else:
        mapping = {str(name): str(name) for name in setting}
    unknown = sorted(set(mapping.values()) - _RECORD_FIELDS)
    if unknown:
        raise ValueError(
            f"CLIPPER_FIELDS names fields a record does not have: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_RECORD_FIELDS))})"
        )
    return mapping


def _values(record: Clipping, fields: Mapping[str, str]) -> dict[str, Any]:
    """Item key -> JSON-ready value (lists and dicts, as in the JSONL record)."""
    as_dict = record.to_dict()
    return {key: as_dict if field == "record" else as_dict[field] for key, field in fields.items()}


class CleanPipeline:
    """Clean each item's page in worker processes and add the record's fields to the item."""

    def __init__(
        self,
        *,
        fields: Any = None,
        input_field: str = "html",
        input_kind: str = "html",
        url_field: str = "url",
        drop_no_article: bool = False,
        drop_errors: bool = False,
        error_field: str = "clipper_error",
        archive: str | None = None,
        archive_batch: int = 100,
        workers: int | None = None,
        options: CleanOptions | None = None,
    ) -> None:
        if input_kind not in ("html", "text", "auto"):
            raise ValueError(f"CLIPPER_INPUT_KIND must be html, text or auto, not {input_kind!r}")
        self.fields = _field_map(fields)
        self.input_field = input_field
        self.kind: Kind = (
            "html" if input_kind == "html" else "text" if input_kind == "text" else "auto"
        )
        self.url_field = url_field
        self.drop_no_article = drop_no_article
        self.drop_errors = drop_errors
        self.error_field = error_field
        self.archive_path = archive
        self.options = options or CleanOptions()
        self.pool = CleanPool(workers)
        self._archive: Any = None
        self.archive_batch = max(1, archive_batch)
        self._to_archive: list[tuple[Clipping, Original]] = []
        # Blocking work kept off the loop (starting and closing the pool, archive writes, which
        # are file and SQLite work): one thread, so archive writes stay in order.
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="clipper")

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanPipeline:
        s = crawler.settings
        extra = dict(s.getdict("CLIPPER_OPTIONS"))
        timeout = s.getfloat("CLIPPER_TIMEOUT", 0.0)
        if timeout:
            extra["timeout"] = timeout
        try:
            options = CleanOptions(**extra)
        except TypeError as exc:
            raise ValueError(f"CLIPPER_OPTIONS: {exc}") from None
        workers = s.getint("CLIPPER_WORKERS", 0) or None
        return cls(
            fields=s.get("CLIPPER_FIELDS"),
            input_field=s.get("CLIPPER_INPUT_FIELD", "html"),
            input_kind=s.get("CLIPPER_INPUT_KIND", "html"),
            url_field=s.get("CLIPPER_URL_FIELD", "url"),
            drop_no_article=s.getbool("CLIPPER_DROP_NO_ARTICLE", False),
            drop_errors=s.getbool("CLIPPER_DROP_ERRORS", False),
            error_field=s.get("CLIPPER_ERROR_FIELD", "clipper_error"),
            archive=s.get("CLIPPER_ARCHIVE") or None,
            archive_batch=s.getint("CLIPPER_ARCHIVE_BATCH", 100),
            workers=workers,
            options=options,
        )

    async def open_spider(self, spider: Any = None) -> None:
        if self.archive_path:
            try:
                from clipper import Archive  # type: ignore[attr-defined,unused-ignore]
            except ImportError:
                raise ClipperError(
                    "CLIPPER_ARCHIVE is set, but this clipper has no clipper.Archive: "
                    "pip install 'clipper-news[archive]'",
                    self.archive_path,
                ) from None
            self._archive = await _wait(
                self._thread.submit(Archive, self.archive_path, create=True)
            )
        # Start and warm the workers in a thread: the loop goes on meanwhile.
        await _wait(self._thread.submit(self.pool.start))

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        page = adapter.get(self.input_field)
        url = adapter.get(self.url_field)
        url = url if isinstance(url, str) else None
        try:
            if page is None:
                raise ClipperError(f"the item has no {self.input_field!r} field to clean", url)
            record = await _wait(self.pool.submit(self.kind, page, url, self.options))
        except Exception as exc:  # noqa: BLE001 - a bug in cleaning costs one item, not the crawl
            if not isinstance(exc, ClipperError):
                exc = ClipperError(f"unexpected {type(exc).__name__}: {exc}", url)
            if self.drop_errors or (self.drop_no_article and isinstance(exc, NoArticleError)):
                raise DropItem(f"clipper: {exc.kind}: {exc}") from exc
            adapter[self.error_field] = {"error": exc.kind, "message": str(exc)}
            return item
        if self.drop_no_article and not record.text:
            raise DropItem(f"clipper: no article text in {url or 'the page'}")
        for key, value in _values(record, self.fields).items():
            adapter[key] = value
        if self._archive is not None:
            payload = page if isinstance(page, bytes) else str(page).encode("utf-8")
            kind = "text/html" if self.kind == "html" else "text/plain; charset=utf-8"
            self._to_archive.append((record, Original(payload, target_uri=url, content_type=kind)))
            if len(self._to_archive) >= self.archive_batch:
                await self._flush()
        return item

    async def _flush(self) -> None:
        """Add the records waiting for the archive (in the pipeline's thread, in order)."""
        batch, self._to_archive = self._to_archive, []
        if not batch or self._archive is None:
            return
        try:
            await _wait(self._thread.submit(self._archive.add_clippings, batch, command="scrapy"))
        except Exception as exc:  # noqa: BLE001 - the items are fine; the archive is not
            log.error("clipper: %d records not added to the archive %s: %s", len(batch),
                      self.archive_path, exc)  # fmt: skip

    async def close_spider(self, spider: Any = None) -> None:
        # Scrapy has waited for every item in the pipeline, so no page is left in the pool.
        await _wait(self._thread.submit(self.pool.close))
        await self._flush()
        close = getattr(self._archive, "close", None)
        if close is not None:
            await _wait(self._thread.submit(close))
        self._thread.shutdown(wait=False)


async def _wait(future: concurrent.futures.Future[Any]) -> Any:
    """Await a future of another thread under any of Scrapy's loops: asyncio (the asyncio
    reactor, or no reactor at all) or a plain Twisted reactor."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return await _deferred(future)
    return await asyncio.wrap_future(future)


def _deferred(future: concurrent.futures.Future[Any]) -> defer.Deferred[Any]:
    """A Deferred fired in the reactor thread when `future` is done."""
    # Imported here: importing the reactor installs the default one, and Scrapy must be free to
    # install the reactor its settings ask for first.
    from twisted.internet import reactor

    d: defer.Deferred[Any] = defer.Deferred()
    from_threads: IReactorFromThreads = reactor  # type: ignore[assignment,unused-ignore]

    def fire(done: concurrent.futures.Future[Any]) -> None:
        exc = done.exception()
        if exc is not None:
            d.errback(exc)
        else:
            d.callback(done.result())

    future.add_done_callback(lambda done: from_threads.callFromThread(fire, done))
    return d


__all__ = ["CleanPipeline", "DEFAULT_FIELDS"]
