"""Cutting very long texts into pieces at natural boundaries, so that no model sees all of a huge input at once.

Used by the components whose memory grows with the length of what they are given (spaCy NER, the span tagger).
Ordinary articles are one piece; only inputs of tens of thousands of characters are cut.
"""

from __future__ import annotations

__all__ = ["piece_starts", "pieces"]


def piece_starts(text: str, size: int) -> list[int]:
    """Start offsets of pieces of at most ``size`` characters, cut after a newline, a full stop or a space."""
    starts, pos = [0], 0
    while len(text) - pos > size:
        window = text[pos : pos + size]
        cut = max(window.rfind("\n"), window.rfind(". "), window.rfind(" "))
        pos = pos + (cut + 1 if cut > size // 2 else size)
        starts.append(pos)
    return starts


def pieces(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the pieces of ``text``: consecutive, covering it exactly."""
    starts = piece_starts(text, size)
    return list(zip(starts, starts[1:] + [len(text)], strict=True))
