"""One journey through the nginx gateway: the routes in deploy/nginx/ serve the console's
pages, its assets, the dev sign-in and the API's SSE streams unbuffered."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from libs.common.tests.browser.conftest import ServedApp, nav, shot, user_id
from libs.common.tests.browser.test_chat import new_chat, send
from libs.common.tests.browser.test_training import dev_sign_in
from libs.common.tests.test_topologies import ensure_nginx

NGINX_DIR = Path(__file__).resolve().parents[4] / "deploy" / "nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def gateway(console: ServedApp) -> Iterator[str]:
    """gateway.local.conf with every upstream pointed at the one embedded app."""
    nginx = ensure_nginx()
    # Not tmp_path: nginx workers drop root and must traverse the prefix.
    prefix = Path(tempfile.mkdtemp(prefix="sessionhub-console-gw-"))
    prefix.chmod(0o755)
    (prefix / "conf").mkdir()
    (prefix / "logs").mkdir()
    for conf in NGINX_DIR.glob("*.conf"):
        shutil.copy(conf, prefix / "conf")
    port = free_port()
    local = prefix / "conf" / "gateway.local.conf"
    text = re.sub(r"127\.0\.0\.1:810[123];", f"127.0.0.1:{console.port};", local.read_text())
    local.write_text(text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};"))
    args = [nginx, "-p", f"{prefix}/", "-c", "conf/gateway.local.conf", "-e", "logs/error.log"]
    process = subprocess.Popen(
        [*args, "-g", "daemon off;"], stdin=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, (prefix / "logs" / "error.log").read_text()
            try:
                if httpx.get(url + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the gateway did not come up"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(prefix, ignore_errors=True)


def test_chat_journey_through_the_nginx_gateway(gateway: str, page: Any) -> None:
    dev_sign_in(page, gateway, user_id("via-gateway"))
    nav(page, "Chat")
    new_chat(page, "default", "Through nginx")
    send(page, "Hello through the gateway")
    messages = page.get_by_role("list", name="Messages")
    expect(messages.locator("li[data-role=assistant]")).to_have_count(1)
    # A deep link reloaded at the gateway is one of the console's pages.
    page.reload()
    expect(page.get_by_test_id("chat-title")).to_have_text("Through nginx")
    expect(messages.locator("li[data-role=user]")).to_contain_text("Hello through the gateway")
    shot(page, "gateway-chat")
