"""Bytes → str, robustly: BOMs, UTF-8, a cp1252 fallback, and a clear refusal of binary data.

Written here rather than with charset-normalizer/chardet: those guess among dozens of encodings
and happily "decode" a PNG; news text in the wild is UTF-8, UTF-16 with a BOM, or Windows-1252,
and anything else is better refused with a message than analysed as mojibake.
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
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise InputError(
                f"not valid UTF-8 (byte {utf8_error.start}) nor Windows-1252; convert it to UTF-8, "
                "e.g. `iconv -f LATIN1 -t UTF-8`, or pass --encoding"
            ) from None
