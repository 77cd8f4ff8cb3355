"""Routers put together by their routes, not by FastAPI's lazy ``include_router``.

FastAPI (0.16x) keeps an included router as one lazy entry: matching a request walks
every included router and recomputes a version of its routes, on every request. With a
service router including seven domain routers that was a fifth of the Python calls of a
create. Our routers carry their prefix, tags, responses and dependencies on their own
routes (``APIRouter(prefix=...)`` applies them when a route is declared), so copying the
routes gives the same API, the same OpenAPI document and the same order of matching,
without the walk. Include-time options (a prefix or dependencies added by the includer)
are deliberately not offered: declare them on the router itself.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI


def combine(*routers: APIRouter) -> APIRouter:
    """One router holding the routes of ``routers``, in order."""
    combined = APIRouter()
    for router in routers:
        combined.routes.extend(router.routes)
    return combined


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Serve ``router``'s routes from ``app`` itself, after those it already has."""
    app.router.routes.extend(router.routes)
