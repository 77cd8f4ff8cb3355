"""One session-api runtime shared by the tests that need no special settings.

Tests stay independent through unique user ids; the runtime (schemas, queues, keys) is
removed by ``running_app`` when the run ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from sessionhub.common.auth import Role
from sessionhub.sessions.service_spec import spec
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

from .scale import load
from .support import SERVICE, Actor


@pytest.fixture(scope="session")
async def shared_app() -> AsyncIterator[RunningApp]:
    async with running_app([spec], isolated_settings(rabbit=True)) as app:
        yield app


@pytest.fixture
def app(shared_app: RunningApp) -> RunningApp:
    return shared_app


@pytest.fixture
def actor(app: RunningApp) -> Callable[..., Actor]:
    def make(role: Role | str = Role.trainee) -> Actor:
        return Actor(app, role)

    return make


@pytest.fixture
def alice(actor: Callable[..., Actor]) -> Actor:
    return actor()


@pytest.fixture
def bob(actor: Callable[..., Actor]) -> Actor:
    return actor()


@pytest.fixture(scope="session")
async def scale_app() -> AsyncIterator[RunningApp]:
    """A tenant of its own loaded with 80,000 sessions (see ``scale.py``)."""
    async with running_app([spec], isolated_settings(rabbit=False)) as app:
        await load(app.runtime.services[SERVICE].db)
        yield app
