"""Bytes → str, robustly: BOMs, UTF-8, Windows-1252, other legacy encodings detected, binary data refused.

The common cases are decided here, quickly and exactly: a BOM, valid UTF-8, or Windows-1252 that
reads as Western text. Anything else (KOI8-R or Windows-1251 Russian, Windows-1253 Greek,
Shift-JIS...) goes to charset-normalizer, a maintained detector, and is decoded only when it names
an encoding whose text it finds coherent in some language; otherwise the input is refused with a
message rather than analysed as mojibake. Binary data is refused before any detector sees it
(detectors happily "decode" a PNG).
"""

from __future__ import annotations

import codecs

from unspin.errors import InputError

__all__ = ["decode", "sniff_binary"]

_MAGIC = {
    b"%PDF": "a PDF file (convert it to text first, e.g. with pdftotext)",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.odt/.epub; export it as text or HTML)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive (decompress it first)",
    b"\x7fELF": "an executable",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Control characters other than tab/newline/carriage return/form feed: text has almost none.
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def sniff_binary(data: bytes) -> str | None:
    """A description of what ``data`` is if it is clearly not text, else None."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    if head and sum(b in _CONTROL for b in head) / len(head) > 0.05:
        return "binary data (it is full of control characters)"
    return None


def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_used)``; :class:`InputError` if it is not text."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start}; check the --encoding you gave") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {name} byte-order mark but is not valid {name} "
                                 f"(byte {exc.start})") from None
    what = sniff_binary(data)
    if what:
        raise InputError(f"this is {what}, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and _reads_as_western(western):
            return western, "cp1252"
        detected = _detect(data)
        if detected is not None:
            return detected
        raise InputError(
            f"not valid UTF-8 (byte {utf8_error.start}), not Windows-1252 text, and no other encoding was detected "
            "with confidence; convert it to UTF-8, e.g. `iconv -f KOI8-R -t UTF-8`, or pass --encoding"
        ) from None


# Western European text decoded as Windows-1252 is mostly ASCII letters (French ~3% accented, Icelandic
# and Portuguese under 15%); Cyrillic, Greek or CJK bytes read as Windows-1252 are mostly accented Latin.
_MAX_NON_ASCII_LETTERS = 0.3
# charset-normalizer's coherence is how well the decoded text matches its language's letter frequencies
# (0 when it recognises no language); chaos is its measure of mess (odd symbols, mixed scripts).
_MIN_COHERENCE = 0.2
_MAX_CHAOS = 0.2


def _reads_as_western(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(not c.isascii() for c in letters) / len(letters) <= _MAX_NON_ASCII_LETTERS


def _detect(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when charset-normalizer finds a coherent reading, else None (short or garbled input)."""
    from charset_normalizer import from_bytes  # only for the rare input that is not UTF-8 or Western cp1252

    best = from_bytes(data).best()
    if best is None or best.language == "Unknown" or best.coherence < _MIN_COHERENCE or best.chaos > _MAX_CHAOS:
        return None
    return str(best), best.encoding
