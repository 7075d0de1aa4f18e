"""HTML → main text and metadata, through trafilatura.

trafilatura is the best-kept main-text extractor we know (see its own benchmarks); we ask it for
markdown so that headings survive as ``## News`` lines the structure component can read, then
drop inline emphasis markers so that the analysed text reads as prose.
"""

from __future__ import annotations

import re
from typing import Any

from unspin.errors import InputError

__all__ = ["extract", "looks_like_html"]

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>]|<section|<!--)",
                         re.IGNORECASE)
_MIN_WORDS = 5
_DOCUMENT_TAG = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:1024]))


def extract(html: str, *, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Return ``(text, meta)``: the main text (title first) and trafilatura's metadata."""
    import trafilatura  # heavy import: only when HTML actually arrives

    if not _DOCUMENT_TAG.search(html[:4096]):
        # A fragment ("<p>...</p>"): trafilatura parses whole documents only.
        html = f"<html><body>{html}</body></html>"
    try:
        result = trafilatura.bare_extraction(
            html, url=url, output_format="python", with_metadata=True, include_comments=False,
            include_formatting=True, include_tables=True, favor_recall=True,
        )
    except Exception as exc:  # noqa: BLE001 - lxml raises many types on broken markup
        raise InputError(f"could not parse the HTML ({type(exc).__name__}: {exc})") from None
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    # With favor_recall trafilatura may return a lone menu item ("Home"): that is not an article.
    if len(body.split()) < _MIN_WORDS:
        raise InputError("no main text found in this HTML page (is it a front page, a login wall or "
                         "a script-only page? save the article itself, or pass its text)")
    body = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", body))
    meta = {
        key: getattr(result, key, None)
        for key in ("title", "author", "sitename", "date", "url", "hostname", "description")
    }
    meta["date_updated"] = _updated_date(html, meta.get("date"))
    title = _without_site_name((meta.get("title") or "").strip(), (meta.get("sitename") or "").strip())
    if title:
        meta["title"] = title
    if title and not body.lstrip("# ").startswith(title):
        body = f"# {title}\n\n{body}"
    return body + "\n", meta


_SITE_SEPARATOR = r"\s*[:|–—-]\s+"


def _without_site_name(title: str, sitename: str) -> str:
    """The page's title without the site's name set before it ("LinkNaija | Nigeria's popular news platform:
    Nollywood Actress, …") or after it ("… | Example Times"), when what is left has two words or more."""
    if not title or not sitename:
        return title
    for pattern in (rf"^{re.escape(sitename)}{_SITE_SEPARATOR}(?P<rest>.+)$",
                    rf"^(?P<rest>.+?)\s+[|–—-]\s+{re.escape(sitename)}$"):
        m = re.match(pattern, title, re.IGNORECASE | re.DOTALL)
        if m and len(m.group("rest").split()) >= 2:
            return m.group("rest").strip()
    return title


def _updated_date(html: str, published: object) -> str | None:
    """The page's last-modified date, when its metadata states one later than the publication date.

    trafilatura's metadata gives one date, the original publication date (``htmldate`` with
    ``original_date=True``). The same library, asked for the most recent date instead, reads the modified-date
    meta tags and JSON-LD ``dateModified``; it is a dependency of trafilatura, so nothing is parsed by hand here.
    """
    if not published:  # an update is later than a publication date; without one there is nothing to compare
        return None
    try:
        from htmldate import find_date

        found = find_date(html, original_date=False, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a page htmldate cannot read has no stated update
        return None
    if not found or str(found) <= str(published)[:10]:
        return None
    return str(found)
