"""Reading what a request brings: the body (within the size limit), times, text parameters.

Everything here raises MarketbuzzError subclasses with a message a person can act on; the
error handlers turn them into 4xx JSON.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marketbuzz.api.errors import (
    ApiInputError,
    BodyTooLargeError,
    UnsupportedMediaError,
    error_response,
)
from marketbuzz.model import Article
from marketbuzz.read import read_article

# Times outside these years are typing mistakes (and overflow date arithmetic downstream).
_EARLIEST: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC).timestamp()
_LATEST: Final = dt.datetime(2200, 1, 1, tzinfo=dt.UTC).timestamp()
_READABLE_TYPES: Final = {
    "text/plain": "text/plain",
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "application/json": "application/json",
    "text/json": "application/json",
}


@dataclass(frozen=True, slots=True)
class Body:
    data: bytes
    content_type: str | None  # the header as sent, charset included


def body_limit_message(limit: int) -> str:
    return f"the request body is over the limit of {limit:,} bytes; send a smaller article"


class BodyLimitMiddleware:
    """413 for a body over `limit` bytes: at once when Content-Length says so, else as soon as
    the streamed body passes the limit (chunked uploads have no length to check)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            response = error_response(413, BodyTooLargeError.code, body_limit_message(self.limit))
            await response(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLargeError(body_limit_message(self.limit))
            return message

        return counted


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def read_body(request: Request) -> Body:
    """The whole body (the middleware stops it at the limit). Used as a FastAPI dependency, so
    the endpoint itself can be a plain function run in the thread pool."""
    try:
        chunks = [chunk async for chunk in request.stream()]
    except ClientDisconnect:
        raise ApiInputError("the client went away before sending the whole body") from None
    return Body(b"".join(chunks), request.headers.get("content-type"))


def article_from_body(body: Body, max_bytes: int) -> Article:
    """Read the article a request body holds, as its Content-Type says (sniffed when absent)."""
    media = _media_type(body.content_type)
    return read_article(
        body.data, content_type=_content_type_for(media, body.content_type), max_bytes=max_bytes
    )


def _media_type(header: str | None) -> str | None:
    if not header:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def _content_type_for(media: str | None, header: str | None) -> str | None:
    if media is None or media == "application/octet-stream":
        return None  # sniff: JSON, HTML or text
    kind = _READABLE_TYPES.get(media)
    if kind is None:
        raise UnsupportedMediaError(
            f"cannot read a {media} body; send text/plain, text/html or application/json"
        )
    charset = header.split(";", 1)[1] if header and ";" in header else ""
    return f"{kind};{charset}" if charset else kind


def parse_time(value: str | None, name: str) -> float | None:
    """Epoch seconds from ISO (`2025-10-09`, `2025-10-09T08:00`, `…Z`, `…+08:00`; no zone is
    UTC) or from epoch seconds."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    moment = _epoch(text)
    if moment is None:
        moment = _iso(text, name)
    if not _EARLIEST <= moment <= _LATEST:
        raise ApiInputError(f"{name}={text[:40]!r} is outside the years 1970 to 2200")
    return moment


def _epoch(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _iso(text: str, name: str) -> float:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ApiInputError(
            f"{name}={text[:40]!r} is not a time;"
            " use ISO such as 2025-10-09T08:00Z, or epoch seconds"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def clean_text(value: str | None, name: str) -> str | None:
    """A text parameter without control characters (a NUL breaks PostgreSQL); None when blank."""
    if value is None:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ApiInputError(f"{name} holds control characters; send plain text")
    stripped = value.strip()
    return stripped or None
