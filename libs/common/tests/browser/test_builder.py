"""Builder (seed 002) in a real browser: setup with autosave, a conflict between two pages
editing one draft, variants over SSE, editing the outline, the readiness checklist."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from libs.common.tests.browser.conftest import ServedApp, nav, shot, user_id
from libs.common.tests.browser.test_accessibility import assert_accessible
from libs.common.tests.browser.test_training import dev_sign_in


def saved(page: Any) -> None:
    expect(page.get_by_test_id("autosave")).to_contain_text("Saved (revision")


def test_builder_steps_and_a_conflict_between_two_pages(
    console: ServedApp, browser: Any, page: Any
) -> None:
    user = user_id("builder")
    dev_sign_in(page, console.url, user, "manager")
    nav(page, "Builder")
    page.get_by_role("button", name="New draft").click()
    expect(page).to_have_url(re.compile(r"/builder/[0-9a-f-]{36}$"))
    draft_url = page.url

    # Setup: typing autosaves under If-Match; the server's inline validation shows on blur.
    page.get_by_label("Title").fill("Handling price objections")
    saved(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Handling price objections")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("09:00")
    page.get_by_label("Title").focus()
    expect(page.get_by_test_id("issue-endTime")).not_to_be_empty()
    assert_accessible(page, "builder setup")
    shot(page, "builder-setup")

    # A second page on the same draft, loaded now, saves after the first page did.
    other_context = browser.new_context()
    other = other_context.new_page()
    try:
        dev_sign_in(other, console.url, user, "manager")
        other.goto(draft_url)
        saved(other)
        page.get_by_label("Category").fill("Sales")
        saved(page)
        expect(page.get_by_test_id("autosave")).to_contain_text("Saved (revision")
        other.get_by_label("Desired outcome").fill("Trainees answer price objections calmly")
        expect(other.get_by_test_id("conflict")).to_contain_text("412")
        shot(other, "builder-conflict")
        other.get_by_role("button", name="Overwrite with my changes").click()
        saved(other)
        expect(other.get_by_test_id("conflict")).to_have_count(0)
        # Both edits survive: the overwrite applied its change on top of the latest.
        other.reload()
        expect(other.get_by_label("Category")).to_have_value("Sales")
        expect(other.get_by_label("Desired outcome")).to_have_value(
            "Trainees answer price objections calmly"
        )
    finally:
        other_context.close()

    # The first page is now stale too; reloading the latest drops nothing stored.
    page.get_by_label("Location").fill("Room 4")
    expect(page.get_by_test_id("conflict")).to_be_visible()
    page.get_by_role("button", name="Reload the latest (drop my changes)").click()
    expect(page.get_by_label("Desired outcome")).to_have_value(
        "Trainees answer price objections calmly"
    )
    expect(page.get_by_label("Location")).to_have_value("")

    # Generate: variant cards arrive over SSE; one becomes the outline.
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Current problem").fill("Deals stall when price comes up")
    saved(page)
    page.get_by_role("tab", name="2. Generate").click()
    # The server names what is missing before it generates anything.
    page.get_by_role("button", name="Generate variants").click()
    expect(page.get_by_role("alert")).to_contain_text("sessionType")
    page.get_by_role("tab", name="1. Setup").click()
    page.get_by_label("Session type").select_option("workshop")
    saved(page)
    page.get_by_role("tab", name="2. Generate").click()
    page.get_by_role("button", name="Generate variants").click()
    expect(page.get_by_test_id("variant").first).to_be_visible(timeout=30_000)
    shot(page, "builder-variants")
    assert_accessible(page, "builder generate")
    page.get_by_test_id("variant").first.get_by_role("button", name=re.compile("^Use ")).click()
    expect(page.get_by_text(re.compile(r"Outline from “.+” applied"))).to_be_visible()

    # Review & Edit: duplicate, delete, quick-add.
    page.get_by_role("tab", name="3. Review & Edit").click()
    sections = page.get_by_test_id("section")
    expect(sections.first).to_be_visible()
    count = sections.count()
    assert count > 0
    page.get_by_role("button", name="Duplicate section 1").click()
    expect(sections).to_have_count(count + 1)
    page.get_by_role("button", name="Delete section 2").click()
    page.get_by_role("button", name="+ break").click()
    expect(sections).to_have_count(count + 1)
    saved(page)
    shot(page, "builder-review")

    # Versions side by side: the accepted variant against the edited outline.
    comparison = page.get_by_test_id("comparison")
    expect(comparison.locator(".card")).to_have_count(2)
    expect(comparison).to_contain_text("Added in B")
    shot(page, "builder-compare")
    assert_accessible(page, "builder review")

    page.get_by_role("tab", name="4. Finalize").click()
    checklist = page.get_by_test_id("checklist")
    expect(checklist.locator("li").first).to_be_visible()
    # Below the threshold: the server's 409 says so, the checklist says what is missing.
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Conflict (409)")
    expect(checklist).to_contain_text("Missing")
    shot(page, "builder-not-ready")

    page.get_by_role("tab", name="1. Setup").click()
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Location").fill("Room 4")
    page.get_by_label("End time").fill("12:10")  # the outline now runs 130 minutes
    page.get_by_label("Title").focus()
    saved(page)
    page.get_by_role("tab", name="4. Finalize").click()
    expect(page.get_by_role("heading", name=re.compile("^Readiness: 100%"))).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    published = page.get_by_test_id("published")
    expect(published).to_contain_text("Published: Handling price objections")
    expect(published).to_contain_text("Version 1 · revision")
    assert_accessible(page, "builder finalize")
    shot(page, "builder-finalize")
