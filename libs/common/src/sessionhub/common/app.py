"""The FastAPI application factory shared by every topology."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sessionhub.common import asyncapi, openapi
from sessionhub.common.boundary import BoundaryGuard
from sessionhub.common.config import Settings
from sessionhub.common.console import install_console
from sessionhub.common.docs_ui import install_docs
from sessionhub.common.errors import UnhandledErrors, install_error_handlers, problem
from sessionhub.common.metrics import HTTP_LATENCY
from sessionhub.common.routing import add_routes
from sessionhub.common.runtime import Runtime
from sessionhub.common.service import ServiceSpec

log = structlog.get_logger()

# An SSE block with only a `retry` field sets the client's reconnection delay and
# dispatches no event.
SSE_RETRY_MS = 3000
SSE_RETRY = f"retry: {SSE_RETRY_MS}\n\n".encode()


class YAMLResponse(PlainTextResponse):
    media_type = "application/yaml"


def new_request_id() -> str:
    """What ``uuid.uuid4().hex`` gives (random, version and variant bits set) at a
    quarter of its cost: the UUID object was built only to be formatted."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


class RequestContextMiddleware:
    """Request/correlation ids in logs and headers, latency metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # The latency histogram's child per (method, route, status): labels() checks and
        # locks on every call, a visible share of a fast request.
        self._latency: dict[tuple[str, str, int], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Only the two headers read here are decoded (latin-1 never fails; the boundary
        # guard refuses headers that are not UTF-8).
        given_request_id = given_correlation_id = ""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given_request_id = value.decode("latin-1")
            elif name == b"x-correlation-id":
                given_correlation_id = value.decode("latin-1")
        request_id = given_request_id or new_request_id()
        correlation_id = given_correlation_id or request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, correlation_id=correlation_id)
        started = time.perf_counter()
        status = 500
        stream_retry = False

        async def send_with_ids(message: Message) -> None:
            nonlocal status, stream_retry
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                stream_retry = any(
                    k.lower() == b"content-type" and v.startswith(b"text/event-stream")
                    for k, v in message["headers"]
                )
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode("latin-1")),
                    (b"x-correlation-id", correlation_id.encode("latin-1")),
                ]
            elif message["type"] == "http.response.body" and stream_retry:
                # Every event stream, however produced, tells clients when to reconnect.
                stream_retry = False
                message = {**message, "body": SSE_RETRY + message.get("body", b"")}
            await send(message)

        try:
            await self.app(scope, receive, send_with_ids)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            elapsed = time.perf_counter() - started
            series = (scope["method"], template, status)
            latency = self._latency.get(series)
            if latency is None:
                latency = self._latency[series] = HTTP_LATENCY.labels(
                    scope["method"], template, str(status)
                )
            latency.observe(elapsed)
            # The one access-log line (uvicorn's own is off): ids come from the context.
            log.info(
                "http_request",
                method=scope["method"],
                route=template,
                path=scope["path"],
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )


def _ops_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="Readiness: PostgreSQL, Redis and the event bus reachable")
    async def ready(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        checks: dict[str, str] = {}

        async def check(name: str, probe: Any) -> None:
            try:
                await probe()
                checks[name] = "ok"
            except Exception as exc:
                checks[name] = f"unavailable: {type(exc).__name__}"

        for ctx in runtime.services.values():
            await check(f"postgresql:{ctx.spec.name}", ctx.db.ping)
        await check("redis", runtime.redis.ping)
        await check("events", runtime.bus.ping)
        info = {
            f"{ctx.spec.name}.{key}": value
            for ctx in runtime.services.values()
            if ctx.spec.status is not None
            for key, value in ctx.spec.status(ctx).items()
        }
        if all(v == "ok" for v in checks.values()):
            return JSONResponse({"status": "ready", "checks": checks, "info": info})
        return problem(
            503,
            "A dependency is unavailable.",
            code="not-ready",
            extra={"checks": checks, "info": info},
        )

    @router.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @router.get(
        "/asyncapi",
        summary="AsyncAPI 3 document of the events (YAML)",
        response_class=YAMLResponse,
        responses={200: {"content": {YAMLResponse.media_type: {"schema": {"type": "object"}}}}},
    )
    async def asyncapi_yaml(request: Request) -> YAMLResponse:
        settings: Settings = request.app.state.runtime.settings
        return YAMLResponse(asyncapi.render_yaml(settings.events_exchange))

    @router.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi_json(request: Request) -> dict[str, Any]:
        settings: Settings = request.app.state.runtime.settings
        return asyncapi.build(settings.events_exchange)

    return router


def create_app(settings: Settings, specs: list[ServiceSpec], *, consumers: bool) -> FastAPI:
    """One app for one or many services; workers run inside it when ``consumers``."""
    runtime = Runtime(settings, specs, consumers=consumers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    title = "SessionHub" if len(specs) != 1 else f"SessionHub {specs[0].name}"
    app = FastAPI(
        title=title,
        version="0.1.0",
        # Only what this app serves: a service without routes has nothing in its HTTP API.
        description="\n\n".join(s.description for s in specs if s.description and s.router),
        lifespan=lifespan,
        # /docs is served with local assets (install_docs); ReDoc would need a CDN.
        docs_url=None,
        redoc_url=None,
        telemetry=None if settings.otel else {"tracing": False, "metrics": False, "logs": False},
    )
    install_docs(app)
    openapi.install(app)
    app.state.runtime = runtime
    install_error_handlers(app)
    # Added first, so it runs inside the request context: its refusals carry request ids.
    app.add_middleware(BoundaryGuard, max_body=settings.max_request_bytes)
    app.add_middleware(UnhandledErrors)
    app.add_middleware(RequestContextMiddleware)
    add_routes(app, _ops_router())
    for spec in specs:
        if spec.router is not None:
            add_routes(app, spec.router())
    install_console(app, settings)
    return app
