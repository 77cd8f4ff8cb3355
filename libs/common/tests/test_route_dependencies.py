"""Every API route and every dependency it resolves is async, and routes are served flat.

FastAPI runs a plain ``def`` endpoint or dependency in its thread pool: a thread hop and a
GIL handover on every request. One sync ``If-Match`` parser cost the builder's autosave
more CPU than parsing its 20 KB body, and nearly two thirds of its throughput.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from sessionhub.common.app import create_app
from sessionhub.common.service import load_specs
from sessionhub.testing.plugin import isolated_settings

pytestmark = pytest.mark.unit


def is_async(call: Any) -> bool:
    return (
        inspect.iscoroutinefunction(call)
        or inspect.isasyncgenfunction(call)
        or inspect.iscoroutinefunction(type(call).__call__)  # a dependency instance
    )


def sync_calls(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        if sub.call is not None and not is_async(sub.call):
            yield f"{sub.call.__module__}.{sub.call.__qualname__}"
        yield from sync_calls(sub)


@pytest.fixture(scope="module")
def app_routes() -> list[Any]:
    return list(create_app(isolated_settings(), load_specs(), consumers=False).routes)


def test_routes_are_served_flat(app_routes: list[Any]) -> None:
    """No lazily included router: FastAPI would walk each one on every request (and the
    walk below would miss its routes)."""
    assert not [r for r in app_routes if getattr(r, "original_router", None) is not None]


def test_no_api_route_runs_in_the_thread_pool(app_routes: list[Any]) -> None:
    routes = [r for r in app_routes if isinstance(r, APIRoute) and r.path.startswith("/api/")]
    assert len(routes) > 50, "the walk must see the services' routes"
    offenders = {
        f"{sorted(route.methods)} {route.path}": [
            *([] if is_async(route.endpoint) else [route.endpoint.__qualname__]),
            *sync_calls(route.dependant),
        ]
        for route in routes
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_walk_finds_a_sync_dependency() -> None:
    def sync_dependency() -> int:
        return 1

    dependant = Dependant(dependencies=[Dependant(call=sync_dependency)])
    assert list(sync_calls(dependant)) == [f"{__name__}.{sync_dependency.__qualname__}"]
