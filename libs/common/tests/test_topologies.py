"""End-to-end smoke tests of both topologies, as real processes on real ports.

- embedded: ``sessionhub run`` (one process, events dispatched in-process);
- distributed: ``scripts/run-distributed.sh`` (one process per API and worker, RabbitMQ,
  nginx as the gateway), exercised only through the gateway.

Plus static checks that keep the deploy files honest (nginx -t, compose, KEDA).
Every tenant gets its own schema / queue / exchange / Redis prefix and is removed after.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aio_pika
import aio_pika.exceptions
import httpx
import pytest
import yaml

from sessionhub.common.config import Settings
from sessionhub.common.service import ServiceSpec, load_specs
from sessionhub.testing.plugin import Tokens, cleanup, isolated_settings, tenant_env

REPO = Path(__file__).resolve().parents[3]
NGINX_DIR = REPO / "deploy" / "nginx"
PROBLEM_JSON = "application/problem+json"


# --- helpers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def sessionhub_executable() -> str:
    candidate = Path(sys.executable).with_name("sessionhub")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("sessionhub")
    assert found, "the sessionhub CLI is not installed in this environment"
    return found


def child_env(settings: Settings, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment that makes a child process read exactly ``settings``.

    The developer's own ``DIST_*`` knobs for the script are not inherited.
    """
    env = tenant_env(
        settings.model_copy(update={"data_dir": data_dir}),
        SESSIONHUB_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return {k: v for k, v in env.items() if not k.startswith("DIST_")} | extra


class Process:
    """A child in its own session, so it and everything it starts can be reaped."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                args,
                env=env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pgid = self.popen.pid  # start_new_session: pid == process group id

    def alive(self) -> bool:
        return self.popen.poll() is None

    def group_alive(self) -> bool:
        try:
            os.killpg(self.pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover - a reused id owned by someone else
            return False
        return True

    def tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    async def stop(self, timeout_s: float) -> int | None:
        """SIGTERM, wait (polling with a deadline), then SIGKILL the whole group."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while self.alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        code = self.popen.poll()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)
        return code


async def poll(
    probe: Callable[[], Awaitable[Any]],
    *,
    timeout_s: float,
    what: str,
    process: Process,
    interval_s: float = 0.1,
) -> Any:
    """Poll until ``probe`` is truthy; fail at once, with its log, if ``process`` dies."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        if not process.alive():
            raise AssertionError(
                f"{process.log.name} exited with {process.popen.returncode} while waiting for "
                f"{what}:\n{process.tail()}"
            )
        try:
            last = await probe()
        except httpx.TransportError as exc:
            last = exc
        else:
            if last:
                return last
        await asyncio.sleep(interval_s)
    raise AssertionError(
        f"timed out after {timeout_s}s waiting for {what}; last: {last!r}\n{process.tail()}"
    )


def started_pids(process: Process, name: str) -> list[int]:
    """Pids run-distributed.sh reported for ``name``, oldest first."""
    log = process.log.read_text(errors="replace")
    return [int(pid) for pid in re.findall(rf"started {re.escape(name)} \(pid (\d+)\)", log)]


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def router_paths(specs: list[ServiceSpec]) -> set[str]:
    """The documented paths of every service's router."""
    paths: set[str] = set()
    for spec in specs:
        if spec.router is not None:
            paths.update(
                getattr(route, "path", "")
                for route in spec.router().routes
                if getattr(route, "include_in_schema", True)
            )
    paths.discard("")
    return paths


async def consumers(settings: Settings, queue: str) -> int:
    """How many consumers ``queue`` has (0 when it does not exist yet)."""
    assert settings.rabbitmq_url
    connection = await aio_pika.connect(settings.rabbitmq_url)
    try:
        channel = await connection.channel()
        try:
            declared = await channel.declare_queue(queue, passive=True)
        except aio_pika.exceptions.ChannelClosed:  # 404: not declared yet
            return 0
        count: int = declared.declaration_result.consumer_count or 0
        return count
    finally:
        await connection.close()


@pytest.fixture
def run_dir() -> Iterator[Path]:
    # Not tmp_path: nginx workers drop root privileges and must traverse the prefix, and
    # pytest's base temp directory is private (0700).
    path = Path(tempfile.mkdtemp(prefix="sessionhub-e2e-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def ensure_nginx() -> str:
    """nginx, installed from Debian's packages when missing; skip only if that's impossible."""
    found = find_nginx()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("nginx is not installed, and installing it needs root and apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    errors = ""
    for update_first in (False, True):
        commands = [["apt-get", "update", "-q"]] if update_first else []
        commands.append(["apt-get", "install", "-y", "-q", "--no-install-recommends", "nginx"])
        for command in commands:
            done = subprocess.run(
                command, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=600
            )
            errors = done.stderr.decode(errors="replace")[-500:]
        found = find_nginx()
        if found:
            return found
    pytest.skip(f"nginx cannot be installed here: {errors}")


# --- embedded -----------------------------------------------------------------------------


async def test_embedded_app_serves_every_service(run_dir: Path) -> None:
    settings = isolated_settings(rabbit=False)
    specs = load_specs()
    port = free_port()
    process = Process(
        [sessionhub_executable(), "run", "--port", str(port)],
        child_env(settings, run_dir / "data"),
        run_dir / "sessionhub-run.log",
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:

            async def healthy() -> bool:
                return (await client.get("/health")).status_code == 200

            await poll(healthy, timeout_s=90, what="/health", process=process)

            ready = await client.get("/ready")
            assert ready.status_code == 200, ready.text
            checks = ready.json()["checks"]
            assert {f"postgresql:{spec.name}" for spec in specs} <= set(checks)
            assert set(checks.values()) == {"ok"}

            asyncapi = await client.get("/asyncapi")
            assert asyncapi.status_code == 200
            assert "asyncapi: 3." in asyncapi.text
            assert settings.events_exchange in asyncapi.text

            openapi = await client.get("/openapi.json")
            assert openapi.status_code == 200
            paths = set(openapi.json()["paths"])
            assert {"/health", "/ready"} <= paths
            # Every service's router is mounted in the one app.
            assert router_paths(specs) <= paths | {"/openapi.json", "/docs"}

            docs = await client.get("/docs")
            assert docs.status_code == 200
            assert "swagger" in docs.text.lower()

            assert_problem(await client.get("/api/training-sessions"), 401)
    finally:
        code = await process.stop(timeout_s=30)
        await cleanup(settings, specs)
    assert code is not None, "sessionhub run did not stop on SIGTERM"


# --- distributed ---------------------------------------------------------------------------


async def training_session_journey(
    gateway: httpx.AsyncClient, tokens: Tokens, process: Process
) -> None:
    """Create → transcript → complete → graded, only through the gateway.

    The grade crosses every process: session-api's relay → RabbitMQ → grader worker →
    RabbitMQ → session-api worker → PostgreSQL → GET through nginx.
    """
    trainee = tokens.headers("e2e-trainee")
    base = "/api/training-sessions"
    created = await gateway.post(
        base, json={"agent_name": "Riley", "scenario": "Price objection"}, headers=trainee
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["id"]
    lines = [
        {"speaker": "trainee", "text": "Hi, I'm Sam. What matters most to you in a new plan?"},
        {"speaker": "persona", "text": "Honestly, the price is too high for us."},
        {"speaker": "trainee", "text": "I understand. Could we book a demo next Tuesday?"},
    ]
    appended = await gateway.post(
        f"{base}/{session_id}/transcript", json={"lines": lines}, headers=trainee
    )
    assert appended.status_code == 200, appended.text
    completed = await gateway.post(f"{base}/{session_id}/complete", headers=trainee)
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "completed"

    async def graded() -> dict[str, Any] | None:
        response = await gateway.get(f"{base}/{session_id}", headers=trainee)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body if body["grading_status"] == "graded" else None

    session = await poll(graded, timeout_s=30, what="the grade", process=process, interval_s=0.2)
    assert session["grader"] == "heuristic"  # no LLM configured: the offline grader
    assert 0 <= session["overall_score"] <= 100
    # Another user sees nothing of it.
    other = await gateway.get(f"{base}/{session_id}", headers=tokens.headers("e2e-other"))
    assert_problem(other, 404)


@pytest.mark.timeout(300)  # the first run on a machine may install nginx with apt-get
async def test_distributed_processes_behind_nginx(run_dir: Path) -> None:
    nginx = ensure_nginx()
    settings = isolated_settings(rabbit=True)
    specs = load_specs()
    gateway_port = free_port()
    env = child_env(
        settings,
        run_dir / "data",
        DIST_RUN_DIR=str(run_dir / "distributed"),
        DIST_SESSIONHUB=sessionhub_executable(),
        DIST_NGINX=nginx,
        DIST_GATEWAY_PORT=str(gateway_port),
        DIST_SESSION_API_PORT=str(free_port()),
        DIST_CHAT_PORT=str(free_port()),
        DIST_BUILDER_PORT=str(free_port()),
        DIST_GRADER_METRICS_PORT=str(free_port()),
        DIST_SESSION_API_METRICS_PORT=str(free_port()),
        DIST_CHAT_METRICS_PORT=str(free_port()),
        DIST_BUILDER_METRICS_PORT=str(free_port()),
        DIST_READY_TIMEOUT="150",
        DIST_STOP_TIMEOUT="15",
    )
    process = Process(
        ["bash", str(REPO / "scripts" / "run-distributed.sh")], env, run_dir / "script.log"
    )
    tokens = Tokens(settings)
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{gateway_port}", timeout=10
        ) as gateway:

            async def every_api_answers() -> bool:
                # /health is session-api's; each service's OpenAPI document is its own.
                for path in ("/health", "/openapi/chat.json", "/openapi/builder.json"):
                    if (await gateway.get(path)).status_code != 200:
                        return False
                return True

            await poll(
                every_api_answers, timeout_s=180, what="the APIs behind nginx", process=process
            )

            ready = await gateway.get("/ready")
            assert ready.status_code == 200, ready.text
            checks = ready.json()["checks"]
            assert checks["postgresql:session-api"] == "ok"
            assert checks["events"] == "ok"  # RabbitMQ

            # X-Request-ID: kept when well-formed, minted otherwise, one per response.
            traced = await gateway.get("/health", headers={"X-Request-ID": "e2e-trace-1"})
            assert traced.headers.get_list("x-request-id") == ["e2e-trace-1"]
            minted = await gateway.get("/health", headers={"X-Request-ID": "bad id\x7f"})
            assert len(minted.headers.get_list("x-request-id")) == 1
            assert minted.headers["x-request-id"] not in ("", "bad id\x7f")

            # Each API answers behind its prefix.
            for service in ("session-api", "chat", "builder"):
                doc = await gateway.get(f"/openapi/{service}.json")
                assert doc.status_code == 200, (service, doc.text)
                assert doc.json()["info"]["title"] == f"SessionHub {service}"
            asyncapi = await gateway.get("/asyncapi")
            assert asyncapi.status_code == 200
            assert "asyncapi: 3." in asyncapi.text

            # A protected route: 401 problem+json without a token.
            unauthenticated = await gateway.get("/api/training-sessions")
            assert_problem(unauthenticated, 401)
            authenticated = await gateway.get(
                "/api/training-sessions", headers=tokens.headers("e2e-user")
            )
            assert authenticated.status_code == 200, authenticated.text

            # The gateway's own errors are problems too.
            assert_problem(await gateway.get("/no/such/route"), 404)
            too_large = await gateway.post(
                "/api/chat/sessions",
                content=b"x" * (1024 * 1024 + 1),
                headers={"Content-Type": "application/json"},
            )
            assert_problem(too_large, 413)
            # A body past nginx's in-memory buffer goes through its temp files (writable).
            buffered = await gateway.post(
                "/api/training-sessions",
                content=b'{"agent_name": "' + b"a" * 300_000 + b'"}',
                headers={"Content-Type": "application/json"},
            )
            assert buffered.status_code < 500, buffered.text

            # Workers have no HTTP: wait until each consumes its queue (an event published
            # before its queue exists is unroutable).
            async def workers_consume() -> bool:
                return all([await consumers(settings, q) > 0 for q in worker_queues])

            worker_queues = [
                f"{settings.queue_prefix}{spec.name}.{sub.purpose}"
                for spec in specs
                for sub in spec.subscriptions
            ]
            await poll(workers_consume, timeout_s=60, what="the workers' queues", process=process)

            # A worker that crashes is restarted with backoff; nothing else goes down.
            (crashed,) = started_pids(process, "grader-worker")
            os.kill(crashed, signal.SIGKILL)

            async def grader_restarted() -> bool:
                return len(started_pids(process, "grader-worker")) == 2

            await poll(grader_restarted, timeout_s=30, what="the grader's restart", process=process)
            script_log = process.log.read_text(errors="replace")
            assert f"grader-worker (pid {crashed}) exited with status 137" in script_log
            assert "restarting in 1s (crash 1" in script_log
            assert (await gateway.get("/health")).status_code == 200
            await poll(workers_consume, timeout_s=60, what="the restarted grader", process=process)

            # The grade below is given by the restarted grader.
            await training_session_journey(gateway, tokens, process)
            grader_log = (run_dir / "distributed" / "grader-worker.log").read_text()
            assert grader_log.count("starting grader-worker") == 2  # appended, not truncated
    finally:
        code = await process.stop(timeout_s=45)
        # The script's trap must have stopped every API, worker and nginx it started.
        deadline = time.monotonic() + 10
        while process.group_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        leftovers = process.group_alive()
        await cleanup(settings, specs)
    assert code is not None, f"run-distributed.sh did not stop on SIGTERM:\n{process.tail()}"
    assert not leftovers, "processes of the distributed topology outlived the script"


# --- deploy files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conf", "hosts"),
    [("gateway.local.conf", {}), ("gateway.conf", {"session-api", "chat", "builder"})],
)
def test_gateway_config_passes_nginx_t(run_dir: Path, conf: str, hosts: set[str]) -> None:
    nginx = find_nginx()
    if nginx is None:
        pytest.skip("nginx is not installed")
    conf_dir = run_dir / "conf"
    shutil.copytree(NGINX_DIR, conf_dir)
    (run_dir / "logs").mkdir()
    target = conf_dir / conf
    text = target.read_text()
    for host in hosts:  # compose DNS names do not resolve here; the syntax is what counts
        text = text.replace(f"server {host}:", "server 127.0.0.1:")
    target.write_text(text)
    done = subprocess.run(
        [nginx, "-t", "-p", f"{run_dir}/", "-c", f"conf/{conf}", "-e", "logs/error.log"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def test_compose_file_wires_every_service() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services: dict[str, Any] = compose["services"]
    for infra in ("postgres", "redis", "rabbitmq"):
        assert "healthcheck" in services[infra], infra
    assert services["rabbitmq"]["image"].startswith("rabbitmq:3.13-management")
    assert services["migrate"]["command"] == ["migrate"]

    for spec in load_specs():
        worker = "grader" if spec.name == "grader" else f"{spec.name}-worker"
        containers = [worker] if spec.name == "grader" else [spec.name, worker]
        for name in containers:
            container = services[name]
            assert container["command"][1] == spec.name, name
            depends = container["depends_on"]
            assert depends["migrate"]["condition"] == "service_completed_successfully"
            for infra in ("postgres", "redis", "rabbitmq"):
                assert depends[infra]["condition"] == "service_healthy", (name, infra)
            env = container["environment"]
            assert env["SESSIONHUB_JWT_SECRET"].startswith("${SESSIONHUB_JWT_SECRET")
    assert services["grader"]["deploy"]["replicas"] == 2

    gateway = services["gateway"]
    assert "/etc/nginx/sessionhub/gateway.conf" in gateway["command"]
    assert any(v.startswith("./deploy/nginx:") for v in gateway["volumes"])
    assert all(c["condition"] == "service_healthy" for c in gateway["depends_on"].values())


def test_keda_scales_the_grader_on_its_queue() -> None:
    docs = [d for d in yaml.safe_load_all((REPO / "deploy/k8s/grader-keda.yaml").read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    scaled = by_kind["ScaledObject"]["spec"]
    deployment = by_kind["Deployment"]
    assert scaled["scaleTargetRef"]["name"] == deployment["metadata"]["name"] == "grader"
    assert (scaled["minReplicaCount"], scaled["maxReplicaCount"]) == (1, 10)
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["queueName"] == "grader.grading"
    assert trigger["metadata"]["mode"] == "QueueLength"
    assert (
        trigger["authenticationRef"]["name"] == by_kind["TriggerAuthentication"]["metadata"]["name"]
    )
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:2] == ["worker", "grader"]
