"""Request guards for the web app: body size cap, per-client rate limit, and URL fetch policy.

Written as a small pure-ASGI middleware and two helpers rather than with slowapi/limits: the
app needs one token bucket per client and one byte counter, and those libraries pull in storage
backends we do not use.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import urlsplit

from unspin.errors import InputError

__all__ = ["BodyCapMiddleware", "RateLimiter", "check_url"]


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to private addresses.

    Stops the server being used to reach its own loopback or the operator's private network
    (SSRF). Every address the name resolves to is checked.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("only http:// and https:// URLs with a host can be fetched", source=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError("the host name does not resolve (are you offline?)", source=url) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            raise InputError("the URL points to a private or loopback address; the server refuses to "
                             "fetch it (start it with --allow-private-urls to permit this)", source=url)


class RateLimiter:
    """A token bucket per client: ``rate`` requests per minute, bursts up to ``burst``."""

    def __init__(self, rate_per_minute: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str) -> tuple[bool, float]:
        """``(allowed, retry_after_seconds)``."""
        if self.rate <= 0:
            return True, 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return allowed, 0.0 if allowed else (1.0 - tokens) / self.rate


async def _send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


async def _send_html(send: Any, status: int, page: str) -> None:
    payload = page.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


class BodyCapMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, whether declared or streamed.

    Under ``/api/`` the refusal is JSON; elsewhere (a form upload) it is ``error_page(status, message)``, the
    app's HTML error page, when one is given: a person who uploaded a file sees the page, not a JSON body.
    """

    def __init__(self, app: Any, max_bytes: int, error_page: Any = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error_page = error_page

    async def _refuse(self, scope: dict[str, Any], send: Any, message: dict[str, str]) -> None:
        if self.error_page is not None and not str(scope.get("path", "")).startswith("/api/"):
            await _send_html(send, 413, self.error_page(413, message["detail"]))
        else:
            await _send_json(send, 413, message)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        message = {"error": "payload_too_large",
                   "detail": f"the request is over the {self.max_bytes:,}-byte limit; "
                             "send a smaller file or a shorter text"}
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send, message)
            return
        seen = 0
        started = False

        async def capped_receive() -> dict[str, Any]:
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return event

        async def tracking_send(event: dict[str, Any]) -> None:
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
            await send(event)

        try:
            await self.app(scope, capped_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send, message)


class _TooLarge(Exception):
    pass
