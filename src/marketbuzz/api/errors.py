"""Errors as JSON: `{"error": {"code": "MB…", "message": "…", "status": 4xx}}`, never a traceback.

MarketbuzzError subclasses map to a status by kind (`status_for`); FastAPI's validation errors
become 422 with each problem named; an unexpected exception becomes a 500 whose body says only
that something went wrong (the traceback goes to the server's log).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.responses import Response

from marketbuzz.alerts import WatchlistError
from marketbuzz.errors import InputTooLargeError, MarketbuzzError
from marketbuzz.store import StoreError

log = logging.getLogger("marketbuzz.api")


class ApiInputError(MarketbuzzError):
    """A request parameter or body the API cannot use."""

    code = "MB710"


class NotFoundError(MarketbuzzError):
    code = "MB711"


class UnknownInstrumentError(NotFoundError):
    code = "MB712"


class UnauthorizedError(MarketbuzzError):
    code = "MB713"


class BodyTooLargeError(MarketbuzzError):
    code = "MB714"


class UnsupportedMediaError(MarketbuzzError):
    code = "MB715"


class ServerSetupError(MarketbuzzError):
    """The server, not the request, is at fault (e.g. its key file is unreadable)."""

    code = "MB718"


class ErrorDetail(BaseModel):
    code: str
    message: str
    status: int


class ErrorBody(BaseModel):
    """Every error's JSON (for the OpenAPI description; responses are built as plain dicts)."""

    error: ErrorDetail


# The error responses /docs lists for every endpoint.
ERROR_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Bad input (a parameter, a body, an ambiguous name)"),
        (401, "A key is needed (writes; reads too on a private server)"),
        (404, "No such article or instrument"),
        (413, "The body is over the limit"),
        (422, "A parameter out of range or of the wrong type"),
    )
}

VALIDATION_CODE: Final = "MB716"
INTERNAL_CODE: Final = "MB799"
# Codes for HTTP errors raised by the framework itself (unknown path, wrong method...).
_HTTP_CODES: Final = {404: "MB711", 405: "MB717", 401: "MB713", 413: "MB714"}


class JsonResponse(Response):
    """JSON as UTF-8 without ASCII escaping (orjson: fast, and NaN becomes null, never an error)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "status": status}}
    return JsonResponse(body, status_code=status, headers=headers)


def status_for(error: MarketbuzzError) -> int:
    if isinstance(error, UnauthorizedError):
        return 401
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, BodyTooLargeError | InputTooLargeError):
        return 413
    if isinstance(error, UnsupportedMediaError):
        return 415
    if isinstance(error, StoreError | ServerSetupError):
        return 503  # the server's store, not the request, is the problem
    return 400


def unauthorized_headers() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer realm="marketbuzz"'}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MarketbuzzError, _marketbuzz_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


async def _marketbuzz_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MarketbuzzError)
    status = status_for(exc)
    headers = unauthorized_headers() if status == 401 else None
    return error_response(status, exc.code, exc.message, headers)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, VALIDATION_CODE, describe_validation(exc.errors()))


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"MB7{exc.status_code}")
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404:
        message = "no such page or API path"
    return error_response(exc.status_code, code, message, dict(exc.headers or {}))


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500, INTERNAL_CODE, "the server failed on this request; the problem is in its log"
    )


def describe_validation(errors: Sequence[Any]) -> str:
    """ "limit: must be at most 200; offset: …" from pydantic's error list, without echoing
    the input back (it may be huge or hostile)."""
    problems = []
    for error in errors[:5]:
        where = ".".join(
            str(part) for part in error.get("loc", ()) if part not in {"query", "path"}
        )
        problems.append(f"{where or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(problems) or "the request is not valid"


def ambiguous_or_unknown(query: str, error: WatchlistError, found_any: bool) -> MarketbuzzError:
    """A symbol that names nothing is 404; one that names several instruments is 400."""
    if found_any:
        return ApiInputError(error.message)
    return UnknownInstrumentError(f"{query!r} is not an instrument in the security master")
