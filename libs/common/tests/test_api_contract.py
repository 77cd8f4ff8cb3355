"""Schemathesis against every service's OpenAPI document, served alone by a real uvicorn
server as in the distributed topology, with a trainee's and a manager's token.

Checks: no 5xx (`not_a_server_error`) and every response conforming to the document
(status code, content type, body schema, required headers such as a 201's Location).
Bounded: a few examples per operation and role.
Known server errors in a service's own code are strict xfails naming the operation.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sessionhub.common.app import create_app
from sessionhub.common.auth import Role
from sessionhub.common.config import Settings
from sessionhub.common.service import ServiceSpec, load_specs
from sessionhub.testing.plugin import Tokens, isolated_settings, running_app

EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
]
SERVED = [spec for spec in load_specs() if spec.router is not None]

# Defects found in services' own code: (service, "METHOD /path") -> what, as strict xfails
# their teams remove with the fix. They run last for their service, so a slow 500 cannot
# time out the others.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass
class Served:
    base_url: str
    settings: Settings
    tokens: Tokens


def _serve(
    spec: ServiceSpec,
    settings: Settings,
    sock: socket.socket,
    ready: threading.Event,
    holder: dict[str, Any],
) -> None:
    async def main() -> None:
        async with running_app([spec], settings) as app:
            config = uvicorn.Config(app.app, lifespan="off", log_level="warning", access_log=False)
            server = uvicorn.Server(config)
            holder["server"] = server
            ready.set()
            await server.serve(sockets=[sock])

    try:
        asyncio.run(main())
    finally:
        ready.set()


class Servers:
    """One real server per service, started on first use and stopped with the module."""

    def __init__(self) -> None:
        self.running: dict[str, tuple[Served, uvicorn.Server, threading.Thread]] = {}

    def get(self, spec: ServiceSpec) -> Served:
        if spec.name not in self.running:
            self.running[spec.name] = self._start(spec)
        return self.running[spec.name][0]

    def _start(self, spec: ServiceSpec) -> tuple[Served, uvicorn.Server, threading.Thread]:
        settings = isolated_settings(rabbit=False)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        ready = threading.Event()
        holder: dict[str, Any] = {}
        thread = threading.Thread(
            target=_serve, args=(spec, settings, sock, ready, holder), daemon=True
        )
        thread.start()
        assert ready.wait(60), f"{spec.name} did not start"
        assert "server" in holder, f"{spec.name} did not start"
        base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with httpx.Client(base_url=base_url) as client:
            for _ in range(600):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    ready.wait(0.1)
            else:
                pytest.fail(f"{spec.name} did not answer /health")
        return Served(base_url, settings, Tokens(settings)), holder["server"], thread

    def stop(self) -> None:
        for _, server, _ in self.running.values():
            server.should_exit = True
        for _, _, thread in self.running.values():
            thread.join(60)


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    running = Servers()
    try:
        yield running
    finally:
        running.stop()


def _operations() -> list[Any]:
    params, known = [], []
    for spec in SERVED:
        doc = create_app(isolated_settings(), [spec], consumers=False).openapi()
        for result in schemathesis.openapi.from_dict(doc).get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            ident = f"{spec.name} {label}"
            if (spec.name, label) in KNOWN:
                xfail = pytest.mark.xfail(reason=KNOWN[(spec.name, label)], strict=True)
                known.append(pytest.param(spec, operation, id=ident, marks=[xfail]))
            else:
                params.append(pytest.param(spec, operation, id=ident))
        params += known
        known = []
    return params


@pytest.mark.parametrize(("spec", "operation"), _operations())
def test_operation_conforms(spec: ServiceSpec, operation: Any, servers: Servers) -> None:
    served = servers.get(spec)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def check(case: Any) -> None:
        # Each generated request goes out once per role: their routes answer differently.
        for role in (Role.trainee, Role.manager):
            headers = served.tokens.headers(f"contract-{role.value}", role)
            case.call_and_validate(base_url=served.base_url, headers=headers, checks=CHECKS)

    check()


def test_a_stream_on_a_real_resource_conforms(servers: Servers) -> None:
    """Generated ids seldom name a resource that exists, so the examples above rarely open
    a stream: this one does, and checks each of its events against the document."""
    spec = next(s for s in SERVED if s.name == "session-api")
    served = servers.get(spec)
    headers = served.tokens.headers("contract-stream")
    with httpx.Client(base_url=served.base_url, headers=headers) as http:
        created = http.post("/api/training-sessions", json={"agent_name": "Riley"})
        assert created.status_code == 201, created.text
        line = {"transcript_line": {"speaker": "trainee", "text": "What does it cost?"}}
        appended = http.patch(f"/api/training-sessions/{created.json()['id']}", json=line)
        assert appended.status_code == 200, appended.text
    doc = create_app(served.settings, [spec], consumers=False).openapi()
    operation = schemathesis.openapi.from_dict(doc)["/api/training-sessions/{session_id}/reply"][
        "POST"
    ]
    case = operation.Case(
        path_parameters={"session_id": created.json()["id"]},
        headers={**headers, "Accept": "text/event-stream"},
    )
    response = case.call_and_validate(base_url=served.base_url, checks=CHECKS)
    assert response.headers["content-type"][0].startswith("text/event-stream")
    assert "event: delta" in response.text
