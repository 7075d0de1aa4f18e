"""Many articles from one input: folders, globs, JSON Lines and WARC files, streamed as keyed :class:`Record` s.

``unspin analyze news.jsonl`` and ``unspin batch`` read records the same way, so they live in ingest, and
:func:`record_document` is the one mapping from a record to a Document.

Every record carries its **key** before anything is analysed, so a rerun can skip what the store
already holds without analysing it again: the sha256 of a file's bytes, of a WARC response's
payload, or of a JSONL record's ``text`` (or ``html``) encoded as UTF-8 — the same hash ingest
writes to the Document's ``source.sha256``. A record that cannot be read (a malformed JSONL line,
a WARC response that is not HTML) becomes a :class:`Problem`, which the runner stores as a failure.

``fetched_at`` is set from the input, never from the clock of whichever process analyses it, so
the local and Ray engines write byte-identical Documents: the record's ``published`` date when it
has one, else the file's modification time, else the WARC-Date, else the run's start time.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from unspin.config import IngestOptions
from unspin.document import Document, Source
from unspin.errors import InputError
from unspin.ingest import ARTICLE_SUFFIXES, DEFAULT_OPTIONS, load_bytes

__all__ = ["Record", "Problem", "iter_records", "count_records", "expand", "expand_inputs", "is_collection",
           "normalise_date", "record_document", "JSONL_SUFFIXES", "WARC_SUFFIXES"]

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Record:
    """One article to analyse: its key, where it came from, and its content (text or raw bytes)."""

    key: str
    label: str                 # where it came from, for messages: a path, path#L12, a URL
    fetched_at: str
    text: str | None = None    # a JSONL "text": analysed as plain text
    data: bytes | None = None  # file bytes, a JSONL "html" or a WARC payload: ingest decides text vs HTML
    path: str | None = None
    url: str | None = None
    media_type: str | None = None
    external_id: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input record that could not be read: stored as a failure with ``stage="input"``."""

    key: str
    label: str
    message: str


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).replace(microsecond=0).isoformat()


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "article"


def expand(inputs: list[str]) -> list[Path]:
    """Folders become their article, JSONL and WARC files (recursively, sorted, hidden ones skipped); globs expand."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and (p.suffix.lower() in ARTICLE_SUFFIXES or _kind(p) != "article")
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError("no article, .jsonl or .warc files in this folder", source=item)
            out += files
        elif path.exists():
            out.append(path)
        elif any(c in item for c in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError("the pattern matches no files", source=item)
            out += matches
        else:
            raise InputError("no such file or folder", source=item)
    return out


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Paths, URLs and ``-`` as given; folders become their analysable files, sorted, recursively.

    What ``unspin analyze`` reads (``expand`` is ``unspin batch``'s, which also takes globs and collections).
    """
    for item in inputs:
        path = Path(item)
        if item != "-" and not item.startswith(("http://", "https://")) and path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError("no .txt, .md or .html files in this folder", source=item)
            yield from (str(p) for p in files)
        else:
            yield item


def is_collection(source: str) -> bool:
    """A JSON Lines or WARC file: many articles in one file (read as ``unspin batch`` reads them)."""
    return source.lower().endswith(JSONL_SUFFIXES + WARC_SUFFIXES) and Path(source).is_file()


def record_document(record: Record, options: IngestOptions = DEFAULT_OPTIONS) -> Document:
    """The ingested Document of one record (its hash, path, URL and time come from the record).

    The one mapping from a record to a Document, for ``unspin batch`` and ``unspin analyze news.jsonl`` alike: the
    record's ``id`` becomes ``source.id`` and its ``published`` date ``attribution.published`` (structure keeps it).
    """
    if record.text is not None:
        if not record.text.strip():
            raise InputError("the text is empty (nothing to analyse)", source=record.label)
        source = Source(sha256=record.key, fetched_at=record.fetched_at, path=record.path, url=record.url,
                        encoding="utf-8")
        doc = Document(text=record.text, source=source)
    else:
        assert record.data is not None
        doc = load_bytes(record.data, path=None if record.url else record.path, url=record.url,
                         media_type=record.media_type, options=options, fetched_at=record.fetched_at)
    doc.source.id = record.external_id
    published = normalise_date(record.published)
    if published:
        doc.attribution.published = published[:10]
    return doc


def count_records(paths: list[Path]) -> int | None:
    """How many records the inputs hold (for the progress bar's ETA); None when a WARC makes it unknown."""
    total = 0
    for path in paths:
        kind = _kind(path)
        if kind == "warc":
            return None
        if kind == "jsonl":
            with _open(path) as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def iter_records(paths: list[Path], *, run_started: str) -> Iterator[Record | Problem]:
    """Stream every record of every input, in order; unreadable ones come as :class:`Problem`."""
    for path in paths:
        kind = _kind(path)
        if kind == "jsonl":
            yield from _jsonl(path, run_started)
        elif kind == "warc":
            yield from _warc(path, run_started)
        else:
            try:
                data = path.read_bytes()
                mtime = path.stat().st_mtime
            except OSError as exc:
                yield Problem(f"{path}", str(path), f"could not read the file ({exc.strerror or exc})")
                continue
            yield Record(key=_sha(data), label=str(path), fetched_at=_iso(mtime), data=data, path=str(path))


def _jsonl(path: Path, run_started: str) -> Iterator[Record | Problem]:
    with _open(path) as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            label = f"{path}#L{n}"
            try:
                obj: Any = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Problem(label, label, f"not a JSON object ({exc})")
                continue
            if not isinstance(obj, dict):
                yield Problem(label, label, f"a line must be a JSON object, not {type(obj).__name__}")
                continue
            text, html = obj.get("text"), obj.get("html")
            if not isinstance(text, str) and not isinstance(html, str):
                yield Problem(label, label, 'no "text" or "html" string in this record')
                continue
            published = obj.get("published")
            published = published if isinstance(published, str) else None
            # When the record says when it was fetched (a crawler's "fetched_at"), that is the fetch time; else its
            # publication date stands in (deterministic, so a rerun stores byte-identical Documents), else the run's.
            fetched = obj.get("fetched_at")
            fetched = fetched if isinstance(fetched, str) and normalise_date(fetched) else published
            common: dict[str, Any] = dict(
                label=label, path=label, url=obj.get("url") if isinstance(obj.get("url"), str) else None,
                external_id=None if obj.get("id") is None else str(obj["id"]), published=published,
                source=obj.get("source") if isinstance(obj.get("source"), str) else None,
                fetched_at=_fetched_at(fetched, run_started))
            if isinstance(text, str):
                yield Record(key=_sha(text.encode("utf-8")), text=text, **common)
            else:
                data = str(html).encode("utf-8")
                yield Record(key=_sha(data), data=data, media_type="text/html", **common)


def _fetched_at(published: str | None, fallback: str) -> str:
    date = normalise_date(published)
    if date is None:
        return fallback
    return date + "T00:00:00+00:00" if len(date) == 10 else date


def _warc(path: Path, run_started: str) -> Iterator[Record | Problem]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:
        raise InputError("reading WARC files needs warcio: pip install warcio", source=str(path)) from exc
    with path.open("rb") as fh:
        n = 0
        try:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response":
                    continue  # requests, metadata, warcinfo: not articles
                n += 1
                url = rec.rec_headers.get_header("WARC-Target-URI")
                label = f"{path}#{url or n}"
                mime = (rec.http_headers.get_header("Content-Type") if rec.http_headers else "") or ""
                media = mime.split(";")[0].strip().lower()
                payload = rec.content_stream().read()
                if media not in HTML_TYPES:
                    yield Problem(f"{path}#{n}:{_sha(payload)[:16]}", label,
                                  f"the WARC response is {media or 'untyped'}, not HTML")
                    continue
                date = rec.rec_headers.get_header("WARC-Date")
                yield Record(key=_sha(payload), label=label, data=payload, url=url, media_type=media,
                             fetched_at=_fetched_at(date, run_started) if date else run_started)
        except ArchiveLoadFailed as exc:
            yield Problem(f"{path}#{n + 1}", f"{path}#{n + 1}", f"not a readable WARC record ({exc})")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def normalise_date(value: Any) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD`` or longer) from what an input gave, else None (never a guess)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if _DATE.match(value) and len(value) >= 10:
        return value[:10] if len(value) == 10 else value
    try:
        from dateutil import parser

        parsed = parser.parse(value)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()
