"""Log shapes, as an operator reads them from a process's stderr.

Each case runs in a fresh interpreter: structlog caches loggers on first use, so only a
new process shows what ``sessionhub run`` writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from sessionhub.common.logging import mask_url_passwords
from sessionhub.common.logsafety import REDACTED

SCRIPT = textwrap.dedent(
    """
    import asyncio, logging, sys
    import httpx, structlog
    from sessionhub.common.app import create_app
    from sessionhub.common.config import Settings
    from sessionhub.common.logging import configure_logging

    settings = Settings(
        log_format=sys.argv[1],
        database_url="postgresql://u@127.0.0.1:9/x",
        redis_url="redis://127.0.0.1:9/0",
    )
    configure_logging(settings)
    app = create_app(settings, [], consumers=False)

    async def requests():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            await client.get(
                "/health", headers={"x-request-id": "req-42", "authorization": "Bearer sekrit"}
            )
            await client.get("/no-such-route?token=sekrit")

    asyncio.run(requests())
    try:
        raise ConnectionResetError("peer closed the connection")
    except ConnectionResetError:
        logging.getLogger("aiormq.connection").exception("Unexpected connection close")
    logging.getLogger("uvicorn.error").info("Uvicorn running on http://127.0.0.1:8000")
    logging.getLogger("aio_pika.robust_connection").info("reconnect chatter")
    logging.getLogger("asyncio").error("Task exception was never retrieved")
    structlog.get_logger().info(
        "connecting", url="amqp://guest:hunter2@127.0.0.1:5672/", api_key="sk-live-1"
    )
    """
)


def run(log_format: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, log_format],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def json_lines() -> list[dict[str, Any]]:
    # Every line must be a JSON object: json.loads fails on any plain-text traceback.
    return [json.loads(line) for line in run("json").splitlines()]


def by_event(lines: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [line for line in lines if line["event"] == event]


class TestJSON:
    def test_one_access_line_per_request(self, json_lines: list[dict[str, Any]]) -> None:
        health, missing = by_event(json_lines, "http_request")
        assert health["level"] == "info"
        assert health["request_id"] == "req-42"
        assert health["correlation_id"] == "req-42"
        assert (health["method"], health["route"], health["status"]) == ("GET", "/health", 200)
        assert isinstance(health["duration_ms"], float)
        assert (missing["route"], missing["status"]) == ("unmatched", 404)
        assert missing["request_id"] != "req-42"

    def test_library_errors_are_json_with_the_traceback_inside(
        self, json_lines: list[dict[str, Any]]
    ) -> None:
        (closed,) = by_event(json_lines, "Unexpected connection close")
        assert closed["logger"] == "aiormq.connection"
        assert closed["level"] == "error"
        assert "Traceback" in closed["exception"]
        assert "ConnectionResetError: peer closed the connection" in closed["exception"]
        (task,) = by_event(json_lines, "Task exception was never retrieved")
        assert task["logger"] == "asyncio"

    def test_uvicorn_info_kept_library_chatter_dropped(
        self, json_lines: list[dict[str, Any]]
    ) -> None:
        assert by_event(json_lines, "Uvicorn running on http://127.0.0.1:8000")
        assert not by_event(json_lines, "reconnect chatter")

    def test_no_credentials(self, json_lines: list[dict[str, Any]]) -> None:
        text = json.dumps(json_lines)
        for secret in ("sekrit", "hunter2", "sk-live-1"):
            assert secret not in text
        (connecting,) = by_event(json_lines, "connecting")
        assert connecting["url"] == f"amqp://guest:{REDACTED}@127.0.0.1:5672/"
        assert connecting["api_key"] == REDACTED


class TestConsole:
    def test_no_colours_when_stderr_is_not_a_terminal(self) -> None:
        output = run("console")
        assert "\x1b[" not in output
        assert "http_request" in output
        assert "ConnectionResetError: peer closed the connection" in output
        assert "hunter2" not in output


class TestMaskUrlPasswords:
    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("postgresql://app:pw@db:5432/x", f"postgresql://app:{REDACTED}@db:5432/x"),
            (
                "connect to amqp://guest:guest@h:5672/ failed",
                f"connect to amqp://guest:{REDACTED}@h:5672/ failed",
            ),
            ("amqp://guest@host/", "amqp://guest@host/"),
            ("http://host:8080/path", "http://host:8080/path"),
            ("no secrets here", "no secrets here"),
        ],
    )
    def test_masks_only_the_password(self, raw: str, clean: str) -> None:
        assert mask_url_passwords(raw) == clean
