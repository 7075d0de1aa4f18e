"""URL fetching with a timeout, a size cap and one-line errors, over an injectable transport.

httpx is used because it lets tests (and the web app) inject a transport instead of the network
(``httpx.MockTransport``), the seam the style guide asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from unspin.errors import InputError, InputTooLarge

__all__ = ["Fetched", "fetch"]


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content: bytes
    media_type: str
    charset: str | None


def fetch(url: str, *, timeout: float, max_bytes: int, user_agent: str,
          transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url``; refuse non-http(s) schemes, errors, and bodies over ``max_bytes``."""
    if not url.startswith(("http://", "https://")):
        raise InputError("only http:// and https:// URLs can be fetched", source=url)
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                          headers={"User-Agent": user_agent}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise InputError(f"the server answered HTTP {response.status_code}", source=url)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise InputTooLarge(f"the page is {int(declared):,} bytes, over the {max_bytes:,}-byte "
                                        "limit ([ingest] max_bytes)", source=url)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputTooLarge(f"the page is over the {max_bytes:,}-byte limit ([ingest] max_bytes)",
                                            source=url)
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "")
                final_url = str(response.url)
    except httpx.TimeoutException:
        raise InputError(f"no answer within {timeout:g} s (are you offline?)", source=url) from None
    except httpx.HTTPError as exc:
        raise InputError(f"could not reach the URL ({type(exc).__name__}: {exc}); are you offline?",
                         source=url) from None
    media_type, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return Fetched(final_url, b"".join(chunks), media_type.strip().lower() or "application/octet-stream", charset)
