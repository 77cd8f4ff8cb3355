"""Chat (seeds 003, 004) in a real browser: the sidebar, streamed replies, regenerate,
search, export, the sidebar after a reload, and the server's 429 and 413."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from libs.common.tests.browser.conftest import CHAT_MESSAGE_LIMIT, ServedApp, nav, shot, user_id
from libs.common.tests.browser.test_training import dev_sign_in
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer


def until(action: Callable[[], None], done: Callable[[], bool], *, timeout_s: float = 20) -> None:
    """Repeat a user action (a reload, a search) until its result shows, with a deadline:
    chat messages become searchable and counted once a persister has stored them."""
    deadline = time.monotonic() + timeout_s
    while True:
        action()
        if done():
            return
        assert time.monotonic() < deadline, "the page never showed the expected result"


def new_chat(page: Any, persona: str, title: str) -> None:
    page.get_by_role("button", name="+ New").click()
    dialog = page.get_by_role("dialog", name="New chat session")
    dialog.get_by_label("Persona").select_option(persona)
    dialog.get_by_label("Display name").fill(title)
    dialog.get_by_role("button", name="Create session").click()
    expect(page.get_by_test_id("chat-title")).to_have_text(title)


def send(page: Any, text: str) -> None:
    page.get_by_label("Message", exact=True).fill(text)
    page.get_by_label("Message", exact=True).press("Enter")


def sidebar_item(page: Any, title: str) -> Any:
    return page.get_by_test_id("chat-sessions").get_by_role("button", name=title)


def test_chat_sidebar_messages_and_reload(console: ServedApp, page: Any) -> None:
    dev_sign_in(page, console.url, user_id("chatter"))
    nav(page, "Chat")
    expect(page.get_by_text("Start a conversation with “+ New”.")).to_be_visible()

    new_chat(page, "technical_support", "Printer trouble")
    send(page, "My office printer shows error 42 when scanning.")
    messages = page.get_by_role("list", name="Messages")
    expect(messages.locator("li[data-role=user]")).to_have_count(1)
    expect(messages.locator("li[data-role=assistant]")).to_have_count(1)
    first_reply = messages.locator("li[data-role=assistant]").inner_text()

    page.get_by_role("button", name="Regenerate last reply").click()
    expect(messages.get_by_text("1 earlier reply kept")).to_be_visible()
    expect(messages.locator("li[data-role=assistant]")).to_have_count(1)
    messages.get_by_text("1 earlier reply kept").click()
    expect(messages.get_by_test_id("earlier-reply")).to_be_visible()
    assert messages.get_by_test_id("earlier-reply").inner_text() in first_reply
    shot(page, "chat-regenerated")

    page.get_by_label("Title").fill("Printer error 42")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_test_id("chat-title")).to_have_text("Printer error 42")
    page.get_by_role("button", name="Pin", exact=True).click()
    expect(sidebar_item(page, "Printer error 42")).to_contain_text("Pinned")

    new_chat(page, "creative_writer", "Haiku ideas")
    send(page, "Write about autumn leaves.")
    expect(messages.locator("li[data-role=assistant]")).to_have_count(1)

    # Switch back through the sidebar.
    sidebar_item(page, "Printer error 42").click()
    expect(page.get_by_test_id("chat-title")).to_have_text("Printer error 42")
    expect(messages.locator("li[data-role=user]")).to_contain_text("error 42")

    # Search: matches come back with the words highlighted.
    search = page.get_by_role("search", name="Search chats")
    results = page.get_by_test_id("search-results")

    def searched() -> None:
        search.get_by_label("Search").fill("printer scanning")
        search.get_by_role("button", name="Search").click()
        page.wait_for_load_state("networkidle")

    until(searched, lambda: results.count() > 0 and results.locator("mark").count() > 0)
    expect(results.locator("mark").first).to_be_visible()
    shot(page, "chat-search")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export (Markdown)").click()
    exported = Path(download_info.value.path()).read_text()
    assert "error 42" in exported

    # After a reload the sidebar is rebuilt from the server: titles, previews, counts, and
    # the most recent session selected.
    page.goto(console.url + "/chat")
    haiku = sidebar_item(page, "Haiku ideas")

    def reloaded() -> None:
        page.reload()
        expect(haiku).to_be_visible()

    until(reloaded, lambda: "2 message(s)" in haiku.inner_text())
    expect(haiku).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("chat-title")).to_have_text("Haiku ideas")
    expect(haiku.locator(".preview")).not_to_have_text("No messages yet")
    expect(messages.locator("li[data-role=user]")).to_have_text("YouWrite about autumn leaves.")
    expect(messages.locator("li[data-role=assistant]")).to_have_count(1)
    printer = sidebar_item(page, "Printer error 42")
    expect(printer).to_contain_text("3 message(s)")
    shot(page, "chat-after-reload")

    # Archive hides a session from the list; delete removes it.
    page.get_by_role("button", name="Archive", exact=True).click()
    expect(sidebar_item(page, "Haiku ideas")).to_have_count(0)
    page.get_by_label("Show archived").check()
    expect(sidebar_item(page, "Haiku ideas")).to_be_visible()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Delete this chat").click()
    page.get_by_label("Show archived").check()
    expect(sidebar_item(page, "Haiku ideas")).to_have_count(0)


def test_chat_shows_the_servers_429_and_413(console: ServedApp, page: Any) -> None:
    dev_sign_in(page, console.url, user_id("chatty"))
    nav(page, "Chat")
    new_chat(page, "default", "Rate limits")
    messages = page.get_by_role("list", name="Messages")
    for n in range(1, CHAT_MESSAGE_LIMIT + 1):
        send(page, f"Message number {n}")
        expect(messages.locator("li[data-role=user]")).to_have_count(n)
        expect(page.get_by_role("button", name="Send")).to_be_enabled()
    send(page, "One too many")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too Many Requests (429)")
    # The server's own words, not a generic message.
    expect(alert).to_contain_text(f"at most {CHAT_MESSAGE_LIMIT} per")
    expect(messages.locator("li[data-role=user]")).to_have_count(CHAT_MESSAGE_LIMIT)
    # The text stays in the box for a retry.
    expect(page.get_by_label("Message", exact=True)).to_have_value("One too many")
    shot(page, "chat-429")

    page.get_by_label("Message", exact=True).fill("x" * 40_000)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("(413)")


def test_chat_renders_the_models_tool_calls(
    console_with_llm: tuple[ServedApp, ScriptedLLMServer], page: Any
) -> None:
    app, llm = console_with_llm

    def responder(body: dict[str, Any]) -> Reply:
        # The persona offers tools: the model calls one; anything else (titles) is text.
        if body.get("tools"):
            return Reply(
                tool_calls=[{"name": "create_ticket", "arguments": {"summary": "Printer 42"}}]
            )
        return Reply(content="Printer error 42")

    llm.responder = responder
    dev_sign_in(page, app.url, user_id("tools"))
    nav(page, "Chat")
    new_chat(page, "technical_support", "Ticket please")
    send(page, "Please open a ticket for printer error 42.")
    call = page.get_by_role("list", name="Messages").get_by_test_id("tool-call")
    expect(call).to_have_text('Tool call: create_ticket({"summary": "Printer 42"})')
    shot(page, "chat-tool-call")
