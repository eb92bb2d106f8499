"""Security headers on every response, the server's own 500s included.

A pure ASGI middleware rather than ``@app.middleware("http")``: it adds the headers as
the response starts, so streamed and error responses get them too, and it turns an
unhandled exception into a 500 that carries them (Starlette's outermost error handler
would answer without them).
"""

from __future__ import annotations

import logging

from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("parallax.api")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_RAW_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]


class SecurityHeaders:
    """Set ``SECURITY_HEADERS`` on every HTTP response; answer an unhandled error with a plain 500."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k for k, _ in _RAW_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + _RAW_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error serving %s", scope.get("path"))
            if started:  # the status line is out; nothing more can be said to this client
                raise
            if scope.get("path", "").startswith("/api/"):
                response = JSONResponse({"detail": "internal server error"}, status_code=500)
            else:
                response = PlainTextResponse("Internal Server Error", status_code=500)
            await response(scope, receive, send_with_headers)
