"""ASGI middleware: security headers on every response; request bodies bounded and refused before parsing
when nobody is identified. Pure ASGI (not BaseHTTPMiddleware), so the SSE stream passes untouched."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# pages and scripts come from this server only (ReDoc's search runs in a blob: worker; its logo from a CDN stays
# blocked); style attributes are used by the pages; no framing
CSP = ("default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin"), (b"cross-origin-opener-policy", b"same-origin")]
NO_CSP = ("/docs",)  # Swagger UI starts with an inline script (its assets are local: routers/docs.py)
ANONYMOUS_WRITES = ("/api/auth/login", "/api/auth/logout")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = HEADERS if scope["path"].startswith(NO_CSP) else [*HEADERS, (b"content-security-policy", CSP.encode())]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """413 for a body over `max_bytes` by its Content-Length, 411 for a chunked one; 401 for a write to /api
    that carries neither a bearer token nor a session cookie. All before any of the body is read."""

    def __init__(self, app: ASGIApp, max_bytes: int, session_cookie: str) -> None:
        self.app, self.max_bytes, self.cookie = app, max_bytes, session_cookie.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if scope["path"].startswith("/api/") and not scope["path"].startswith(ANONYMOUS_WRITES) \
                and b"authorization" not in headers and self.cookie + b"=" not in headers.get(b"cookie", b""):
            await _answer(send, 401, "log in first", {b"www-authenticate": b"Bearer"})
            return
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" in headers:  # a chunked body of unknown size
            await _answer(send, 411, "send the body with a Content-Length")
            return
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _answer(send, 413, f"request body over {self.max_bytes} bytes")
            return
        await self.app(scope, receive, send)  # the server reads exactly Content-Length bytes, no more


async def _answer(send: Send, status: int, detail: str, headers: dict[bytes, bytes] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or {}).items()]})
    await send({"type": "http.response.body", "body": body})
