"""One error hierarchy, rendered as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from redis import exceptions as redis_exceptions
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.responses import JSONResponse
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sessionhub.common.logsafety import plain_traceback

log = structlog.get_logger()

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://sessionhub.dev/problems/"
REDIS_RETRY_AFTER_S = 5


class AppError(Exception):
    """Base for every error a caller can cause or observe.

    Subclasses set ``status_code`` and a stable ``code`` (the problem type slug);
    ``message`` tells the caller what to fix.
    """

    status_code: int = 400
    code: str = "bad-request"

    def __init__(
        self,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "A valid bearer token is required.") -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not-found"

    @classmethod
    def resource(cls, kind: str, ident: object) -> NotFound:
        return cls(f"{kind} {ident} was not found.")


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class Gone(AppError):
    status_code = 410
    code = "gone"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload-too-large"


class UnprocessableEntity(AppError):
    status_code = 422
    code = "unprocessable-entity"


class RateLimited(AppError):
    status_code = 429
    code = "rate-limited"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(
            message,
            extra={"retry_after": retry_after_s},
            headers={"Retry-After": str(retry_after_s)},
        )


class ServiceUnavailable(AppError):
    status_code = 503
    code = "service-unavailable"


def problem(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    instance: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def payload_too_large(limit: int | None, instance: str | None) -> JSONResponse:
    return problem(
        413,
        f"The request body exceeds the limit of {limit} bytes."
        if limit is not None
        else "The request body is too large.",
        code="payload-too-large",
        instance=instance,
        extra={"limit_bytes": limit} if limit is not None else None,
    )


def _field_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        out.append({"field": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type")})
    return out


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _not_json_body(request: Request, errors: Sequence[Any]) -> bool:
    content_type = request.headers.get("content-type")
    if content_type is not None and _is_json(content_type):
        return False
    return any(
        err.get("loc", ())[:1] == ("body",) and isinstance(err.get("input"), bytes)
        for err in errors
    )


def _allowed_methods(request: Request) -> list[str]:
    allowed: set[str] = set()
    # Included routers nest their routes; FastAPI's own iterator flattens them.
    for context in routing.iter_route_contexts(request.app.routes):
        methods = getattr(context, "methods", None)
        path = getattr(context, "path_format", None)
        if methods and path and compile_path(path)[0].fullmatch(request.url.path):
            allowed |= set(methods)
    return sorted(allowed)


def install_error_handlers(app: FastAPI) -> None:
    async def on_app_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AppError)
        return problem(
            exc.status_code,
            exc.message,
            code=exc.code,
            instance=request.url.path,
            extra=exc.extra,
            headers=exc.headers,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _field_errors(exc.errors())
        # FastAPI hands a non-JSON body to validation as bytes; the media type is the problem.
        if _not_json_body(request, exc.errors()):
            return problem(
                415,
                "The request body must be application/json.",
                code="unsupported-media-type",
                instance=request.url.path,
                headers={"Accept-Post": "application/json"}
                if request.method == "POST"
                else {"Accept-Patch": "application/json"},
            )
        # A body FastAPI could not even decode is malformed JSON, not a field error.
        if any(e["type"] == "json_invalid" for e in errors):
            return problem(
                400,
                "The request body is not valid JSON.",
                code="malformed-json",
                instance=request.url.path,
                extra={"errors": errors},
            )
        fields = ", ".join(e["field"] for e in errors)
        return problem(
            422,
            f"The request has invalid fields: {fields}.",
            code="validation-error",
            instance=request.url.path,
            extra={"errors": errors},
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 413:
            # A route's own ``max_body_size`` (FastAPI's limiter) refused the body.
            limit = request.scope.get(MAX_BODY_SIZE_SCOPE_KEY)
            return payload_too_large(limit, request.url.path)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route matching the path only.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem(
            exc.status_code,
            str(exc.detail),
            instance=request.url.path,
            headers=headers,
        )

    async def on_redis_down(request: Request, exc: Exception) -> JSONResponse:
        # Rate limits, chat tails and locks live in Redis: without it a write cannot be
        # accepted safely, but the client may retry shortly.
        log.warning("redis_unavailable", path=request.url.path, error=type(exc).__name__)
        return problem(
            503,
            "A dependency (Redis) is unavailable; retry shortly.",
            code="service-unavailable",
            instance=request.url.path,
            headers={"Retry-After": str(REDIS_RETRY_AFTER_S)},
            extra={"retry_after": REDIS_RETRY_AFTER_S},
        )

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(redis_exceptions.ConnectionError, on_redis_down)
    app.add_exception_handler(redis_exceptions.TimeoutError, on_redis_down)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)


class UnhandledErrors:
    """Any exception no handler took: logged once, answered with a 500 problem.

    Starlette's own last-resort handler re-raises after answering, so the server logs
    the traceback a second time (unscrubbed) and drops the keep-alive connection: the
    client's next request on it fails. Here the error is logged through structlog
    (plain traceback, credentials redacted) and goes no further. A response already
    under way (a stream) cannot become a 500; it ends, and the server closes it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            path = scope.get("path")
            log.error(
                "unhandled_error",
                path=path,
                response_started=started,
                exception=plain_traceback(exc),
            )
            if not started:
                response = problem(
                    500,
                    "An unexpected error occurred. It has been logged.",
                    code="internal-error",
                    instance=path,
                )
                await response(scope, receive, send)
