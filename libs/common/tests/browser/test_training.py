"""Sign-in and the training journey (seed 001) in a real browser."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from libs.common.tests.browser.conftest import Grader, ServedApp, nav, shot, user_id


def dev_sign_in(page: Any, url: str, user: str, role: str = "trainee") -> None:
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    page.get_by_label("User id").fill(user)
    page.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Sign in as this user").click()
    expect(page.get_by_test_id("whoami")).to_have_text(f"{user} ({role})")


def test_sign_in_with_a_pasted_token_and_back_on_401(console: ServedApp, page: Any) -> None:
    page.goto(console.url + "/training")
    # Not signed in: the console sends the visitor to sign-in.
    expect(page).to_have_url(console.url + "/sign-in?next=%2Ftraining")
    page.get_by_role("textbox", name="Bearer token").fill("not-a-jwt")
    page.get_by_role("button", name="Sign in with token").click()
    expect(page.get_by_role("alert")).to_contain_text("The bearer token is invalid.")
    assert page.evaluate("sessionStorage.getItem('sessionhub.token')") is None

    minted = httpx.post(
        console.url + "/api/dev/sign-in", json={"user_id": "paste-user", "role": "manager"}
    ).json()
    page.get_by_role("textbox", name="Bearer token").fill(minted["access_token"])
    page.get_by_role("button", name="Sign in with token").click()
    expect(page).to_have_url(console.url + "/training")
    expect(page.get_by_test_id("whoami")).to_have_text("paste-user (manager)")
    assert page.evaluate("sessionStorage.getItem('sessionhub.token')") == minted["access_token"]

    # A token the server no longer accepts: the next call's 401 returns to sign-in with
    # the server's own message.
    page.evaluate("sessionStorage.setItem('sessionhub.token', 'expired.token.value')")
    nav(page, "My sessions")
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("The bearer token is invalid.")
    shot(page, "signin-401")


def test_training_journey_with_the_grade_landing_while_analytics_is_open(
    console_without_grader: tuple[ServedApp, Grader], page: Any
) -> None:
    app, grader = console_without_grader
    dev_sign_in(page, app.url, user_id("trainee"))
    page.get_by_label("Scenario").fill("Guest complains about double booking")
    page.get_by_role("button", name="Start session").click()
    expect(page).to_have_url(re.compile(r"/training/\d+$"))
    session_id = page.url.rsplit("/", 1)[1]
    transcript = page.get_by_role("list", name="Transcript")
    # The persona's opening line is there from the start.
    expect(transcript.locator("li")).to_have_count(1)

    line = page.get_by_label("Your line")
    line.fill("Hi! What would make this stay right for you? Can I offer a refund?")
    line.press("Enter")
    expect(transcript.locator("li.mine")).to_have_count(1)
    # The persona's reply streams in and is appended as a line of its own.
    expect(transcript.locator("li:not(.mine):not(.streaming)")).to_have_count(2)
    line.fill("I can book you a suite tonight at no charge. Shall I confirm it now?")
    page.get_by_role("button", name="Send line").click()
    expect(transcript.locator("li:not(.streaming)")).to_have_count(5)
    shot(page, "training-live")

    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(f"{app.url}/analytics/{session_id}")
    expect(page.get_by_test_id("waiting")).to_be_visible()
    shot(page, "analytics-waiting")

    grader.start()
    grade = page.get_by_test_id("grade")
    expect(grade).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("waiting")).to_have_count(0)
    overall = page.get_by_test_id("overall").inner_text()
    assert overall.isdigit(), overall
    for name in ("rapport", "discovery", "objection-handling", "closing"):
        assert page.get_by_test_id(f"score-{name}").inner_text().isdigit()
    expect(page.get_by_test_id("grader")).to_have_text("heuristic")
    expect(page.get_by_test_id("earnings")).to_contain_text("$")
    expect(page.get_by_test_id("strengths").locator("li").first).to_be_visible()
    expect(page.get_by_test_id("confidence")).to_have_text(re.compile(r"Confidence: (high|low)"))
    # Feedback quotes the transcript line it rests on.
    expect(page.get_by_test_id("evidence").first).to_contain_text("“")
    shot(page, "analytics-graded")

    # My sessions lists it with its status and grade; personal analytics charts it.
    nav(page, "My sessions")
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("row").nth(1)).to_contain_text("graded")
    nav(page, "My analytics")
    expect(page.get_by_test_id("average-overall")).to_have_text(overall)
    expect(page.get_by_role("img", name=re.compile("Overall score"))).to_be_visible()
    shot(page, "my-analytics")
