"""Browser tests of the console: Debian's Chromium driven by Playwright, against the real
embedded app served by uvicorn on a free port, on the shared PostgreSQL/Redis/RabbitMQ.

Nothing is downloaded: Playwright is pointed at the system Chromium (`.ci/run` installs
the `chromium` package). Without it the tests skip locally and fail under CI, so CI
always runs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn

from sessionhub.common.app import create_app
from sessionhub.common.config import Settings
from sessionhub.common.runtime import Runtime, declare_queues
from sessionhub.common.service import ServiceSpec, load_specs
from sessionhub.testing.llm_server import ScriptedLLMServer
from sessionhub.testing.plugin import cleanup, isolated_settings

T = TypeVar("T")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Low enough that a test reaches it with a few messages; users are unique per test, so
# the limit never leaks from one test into another.
CHAT_MESSAGE_LIMIT = 6
SCREENSHOTS = os.environ.get("SESSIONHUB_SCREENSHOTS")


def chromium_path() -> str | None:
    candidate = os.environ.get("SESSIONHUB_CHROMIUM") or shutil.which("chromium") or ""
    return candidate if candidate and Path(candidate).exists() else None


class ServedApp:
    """The real app with its workers, on a uvicorn port, in a thread with its own loop.

    The test's thread drives a synchronous Playwright, so the app cannot share its loop.
    """

    def __init__(self, settings: Settings, specs: list[ServiceSpec]) -> None:
        self.settings = settings
        self.specs = specs
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings, specs, consumers=True),
            log_config=None,
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self._serving: Any = None

    def call(self, coro: Coroutine[Any, Any, T], timeout_s: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    async def _serve(self) -> None:
        try:
            await self.server.serve(sockets=[self.sock])
        except SystemExit as exc:
            # uvicorn exits the process when the lifespan fails; here that would only
            # stop this thread's loop and leave the test waiting.
            raise RuntimeError(f"the app failed to start (exit {exc.code}); see its log") from exc

    def start(self) -> None:
        self.thread.start()
        self._serving = asyncio.run_coroutine_threadsafe(self._serve(), self.loop)
        deadline = time.monotonic() + 60
        while not self.server.started:
            if self._serving.done():
                self._serving.result()  # raises the start-up error
            assert time.monotonic() < deadline, "the app did not start within 60 s"
            time.sleep(0.05)

    @staticmethod
    async def _cancel_leftovers() -> None:
        # Per-stream helpers (sse-starlette's shutdown watchers) outlive their responses.
        current = asyncio.current_task()
        leftovers = [t for t in asyncio.all_tasks() if t is not current]
        for task in leftovers:
            task.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)

    def stop(self) -> None:
        self.server.should_exit = True
        try:
            if self._serving is not None:
                self._serving.result(30)
        finally:
            self.call(cleanup(self.settings, load_specs()))
            self.call(self._cancel_leftovers())
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.sock.close()


def serve(monkeypatch: pytest.MonkeyPatch, specs: list[ServiceSpec], **overrides: Any) -> ServedApp:
    # Services read their own settings from the environment when they start.
    monkeypatch.setenv("SESSIONHUB_CHAT_MESSAGE_LIMIT", str(CHAT_MESSAGE_LIMIT))
    settings = isolated_settings(env="dev", log_level="WARNING", **overrides)
    app = ServedApp(settings, specs)
    try:
        app.start()
    except BaseException:
        # A failed start still created schemas and queues: remove them.
        with contextlib.suppress(Exception):
            app.stop()
        raise
    return app


# Package scope, not session: a synchronous Playwright keeps its event loop marked as
# running in the main thread until it exits, and every asyncio test after it would fail.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no Chromium here (apt-get install chromium, or set SESSIONHUB_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def console(monkeypatch: pytest.MonkeyPatch, browser: Any) -> Iterator[ServedApp]:
    """The whole embedded product (every service and worker) for one test."""
    app = serve(monkeypatch, load_specs())
    try:
        yield app
    finally:
        app.stop()


class LoopThread:
    """An event loop of its own for a helper server the synchronous test starts."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Coroutine[Any, Any, T], timeout_s: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def console_with_llm(
    monkeypatch: pytest.MonkeyPatch, browser: Any
) -> Iterator[tuple[ServedApp, ScriptedLLMServer]]:
    """The whole product answering through the scripted OpenAI-compatible server."""
    runner = LoopThread()
    llm = ScriptedLLMServer()
    runner.call(llm.start())
    try:
        app = serve(monkeypatch, load_specs(), openai_api_key="test", openai_base_url=llm.url)
        try:
            yield app, llm
        finally:
            app.stop()
    finally:
        runner.call(llm.stop())
        runner.close()


class Grader:
    """The grader's workers, started when a test wants the grade to land."""

    def __init__(self, app: ServedApp) -> None:
        self.app = app
        self.runtime = Runtime(app.settings, load_specs(["grader"]), consumers=True)
        self.started = False

    def start(self) -> None:
        self.app.call(self.runtime.start())
        self.started = True

    def stop(self) -> None:
        if self.started:
            self.app.call(self.runtime.stop())


@pytest.fixture
def console_without_grader(
    monkeypatch: pytest.MonkeyPatch, browser: Any
) -> Iterator[tuple[ServedApp, Grader]]:
    """Every service but the grader, whose queue holds completions until it starts."""
    specs = [s for s in load_specs() if s.name != "grader"]
    app = serve(monkeypatch, specs)
    grader = Grader(app)
    try:
        app.call(declare_queues(app.settings, load_specs(["grader"])))
        yield app, grader
    finally:
        grader.stop()
        app.stop()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (empty session storage) at a laptop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            shot(page, f"FAILED-{request.node.name}")
        assert not errors, f"uncaught errors in the page: {errors}"
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # The page fixture screenshots the page of a failed test (SESSIONHUB_SCREENSHOTS).
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def user_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def shot(page: Any, name: str) -> None:
    """Screenshots for a person to look at, when SESSIONHUB_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def nav(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
