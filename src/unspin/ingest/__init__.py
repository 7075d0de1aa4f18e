"""Ingest: turn a path, a URL, stdin or bytes into a :class:`Document` with its fixed ``text``.

Ingest is the Document's constructor rather than a pipeline component (as spaCy's tokenizer is
not a pipe): everything after it only adds spans over ``text``. It refuses, with one-line
:class:`InputError` messages, what cannot be analysed: missing paths, empty or binary files,
inputs over ``max_bytes``, undecodable bytes, HTML with no main text, unreachable URLs.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, BinaryIO

from unspin.config import IngestOptions
from unspin.document import Document, Source, utc_now
from unspin.errors import InputError, InputTooLarge
from unspin.ingest.decode import decode
from unspin.ingest.html import extract, looks_like_html

__all__ = ["load", "load_bytes", "source_for_text", "ARTICLE_SUFFIXES", "HTML_SUFFIXES", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES  # what a folder run picks up
DEFAULT_OPTIONS = IngestOptions()


# Kept here for callers of unspin.ingest; it lives on Source so document.py needs nothing from ingest.
source_for_text = Source.for_text


def load_bytes(data: bytes, *, path: str | None = None, url: str | None = None, media_type: str | None = None,
               charset: str | None = None, options: IngestOptions = DEFAULT_OPTIONS,
               fetched_at: str | None = None) -> Document:
    """Build a Document from raw bytes, deciding between HTML and plain text."""
    label = url or path or "<bytes>"
    if len(data) > options.max_bytes:
        raise InputTooLarge(f"input is {len(data) / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.1f} MB limit; "
                         "split it, or raise [ingest] max_bytes in a config file", source=label)
    if not data.strip():
        raise InputError("input is empty (nothing to analyse)", source=label)
    suffix = Path(path).suffix.lower() if path else ""
    is_html = (media_type in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES
               or (suffix not in TEXT_SUFFIXES and looks_like_html(data)))
    try:
        decoded, used = decode(data, options.encoding or (charset or ""))
    except InputError as exc:
        raise InputError(exc.message, source=label) from None
    meta: dict[str, Any] = {}
    if is_html:
        try:
            text, meta = extract(decoded, url=url)
        except InputError as exc:
            raise InputError(exc.message, source=label) from None
        media = "text/html"
    else:
        text, media = decoded, "text/markdown" if suffix in (".md", ".markdown") else "text/plain"
        if not text.strip():
            raise InputError("input is empty (only whitespace after decoding)", source=label)
    source = Source(sha256=hashlib.sha256(data).hexdigest(), fetched_at=fetched_at or utc_now(),
                    path=None if url else (path or "<bytes>"), url=url, media_type=media, encoding=used)
    doc = Document(text=text, source=source, meta={k: v for k, v in meta.items() if v})
    if used == "cp1252":
        doc.note("ingest", "the input was not valid UTF-8 and was decoded as Windows-1252")
    elif not used.startswith("utf-") and not (options.encoding or charset):
        doc.note("ingest", f"the input was not valid UTF-8; its encoding was detected as {used}")
    return doc


def _read_capped(stream: BinaryIO, max_bytes: int, label: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"input is over the {max_bytes / 1e6:.1f} MB limit; split it, or raise "
                            "[ingest] max_bytes in a config file", source=label)
    return data


def load(source: str | Path | bytes, options: IngestOptions = DEFAULT_OPTIONS, *,
         transport: Any = None, stdin: BinaryIO | None = None) -> Document:
    """Ingest a path, an http(s) URL, ``"-"`` (stdin) or raw bytes.

    ``transport`` is an ``httpx`` transport for URL fetches (tests inject a mock); ``stdin``
    replaces ``sys.stdin.buffer``.
    """
    if isinstance(source, bytes):
        return load_bytes(source, options=options)
    name = str(source)
    if name == "-":
        data = _read_capped(stdin or sys.stdin.buffer, options.max_bytes, "<stdin>")
        return load_bytes(data, path="<stdin>", options=options)
    if name.startswith(("http://", "https://")):
        from unspin.ingest.fetch import fetch  # httpx only when a URL is given

        got = fetch(name, timeout=options.url_timeout, max_bytes=options.max_bytes,
                    user_agent=options.user_agent, transport=transport)
        return load_bytes(got.content, url=got.url, media_type=got.media_type, charset=got.charset,
                          options=options)
    path = Path(name)
    if not path.exists():
        raise InputError("no such file or folder", source=name)
    if path.is_dir():
        raise InputError("is a folder; analyse its files with `unspin analyze FOLDER` or unspin.analyze_many()",
                         source=name)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputTooLarge(f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.1f} MB limit; "
                                "split it, or raise [ingest] max_bytes in a config file", source=name)
        with path.open("rb") as fh:
            data = _read_capped(fh, options.max_bytes, name)
    except PermissionError:
        raise InputError("permission denied", source=name) from None
    except IsADirectoryError:
        raise InputError("is a folder", source=name) from None
    except OSError as exc:
        raise InputError(f"could not read the file ({exc.strerror or exc})", source=name) from None
    return load_bytes(data, path=name, options=options)
