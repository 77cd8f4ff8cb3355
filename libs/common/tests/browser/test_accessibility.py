"""Accessibility: axe-core (shipped by axe-playwright-python) run in every screen at a
laptop and a phone width, plus keyboard-only use of the main controls."""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from libs.common.tests.browser.conftest import ServedApp, nav, shot, user_id
from libs.common.tests.browser.test_training import dev_sign_in

AXE = Axe()
BLOCKING = {"serious", "critical"}


def assert_accessible(page: Any, screen: str) -> None:
    results = AXE.run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in blocking
    ]
    assert not blocking, f"{screen}: {details}"


def assert_fits(page: Any, screen: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{screen} scrolls sideways by {overflow}px"


def visit_every_screen(page: Any, url: str, width: str) -> None:
    dev_sign_in(page, url, user_id("a11y"), "manager")
    page.goto(url + "/sign-in")
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    checks = [("sign-in", lambda: None)]

    def training() -> None:
        nav(page, "Training")
        expect(page.get_by_role("button", name="Start session")).to_be_visible()

    def live() -> None:
        page.get_by_role("button", name="Start session").click()
        expect(page.get_by_role("list", name="Transcript").locator("li")).to_have_count(1)
        page.get_by_label("Your line").fill("Hello, what matters most to you?")
        page.get_by_role("button", name="Send line").click()
        expect(page.get_by_role("list", name="Transcript").locator("li")).to_have_count(3)

    def analytics() -> None:
        page.get_by_role("button", name="End session").click()
        expect(page.get_by_test_id("grade")).to_be_visible(timeout=30_000)

    def sessions() -> None:
        nav(page, "My sessions")
        expect(page.get_by_role("row")).to_have_count(2)

    def my_analytics() -> None:
        nav(page, "My analytics")
        expect(page.get_by_role("img", name=re.compile("Overall score"))).to_be_visible()

    def bulk_modal() -> None:
        nav(page, "Groups")
        page.get_by_role("button", name="New group (bulk creation)").click()
        expect(page.get_by_role("dialog")).to_be_visible()

    def group_page() -> None:
        page.get_by_role("button", name="Create all sessions").click()
        page.get_by_role("link", name="Open the group").click()
        expect(page.get_by_test_id("group-sessions")).to_be_visible()

    def chat() -> None:
        nav(page, "Chat")
        page.get_by_role("button", name="+ New").click()
        page.get_by_role("dialog").get_by_role("button", name="Create session").click()
        page.get_by_label("Message", exact=True).fill("Hello there")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("list", name="Messages").locator("li")).to_have_count(2)

    checks += [
        ("training", training),
        ("training-live", live),
        ("analytics", analytics),
        ("sessions", sessions),
        ("my-analytics", my_analytics),
        ("bulk-modal", bulk_modal),
        ("group", group_page),
        ("chat", chat),
    ]
    for screen, reach in checks:
        reach()
        shot(page, f"{width}-{screen}")
        assert_accessible(page, f"{screen} ({width})")
        assert_fits(page, f"{screen} ({width})")


def test_every_screen_passes_axe_at_laptop_width(console: ServedApp, page: Any) -> None:
    visit_every_screen(page, console.url, "laptop")


def test_every_screen_passes_axe_at_phone_width(console: ServedApp, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    visit_every_screen(page, console.url, "phone")


def test_keyboard_only_sign_in_and_navigation(console: ServedApp, page: Any) -> None:
    page.goto(console.url + "/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    # Tab through to the dev sign-in form and submit it with the keyboard alone.
    user = page.get_by_label("User id")
    for _ in range(10):
        page.keyboard.press("Tab")
        if user.evaluate("el => el === document.activeElement"):
            break
    expect(user).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("keyboard-user")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("whoami")).to_have_text("keyboard-user (trainee)")
    # A new page moves focus to its heading, for screen readers and keyboards alike.
    expect(page.get_by_role("heading", level=1)).to_be_focused()
