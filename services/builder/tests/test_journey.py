"""The seed's whole journey over HTTP: load → setup with inline validation → generate →
select & edit → publish → republish, on both bus kinds; then the rules around it."""

from __future__ import annotations

import json
from typing import Any

from sessionhub.builder.service_spec import spec
from sessionhub.testing.plugin import isolated_settings, running_app

from .conftest import FULL_METADATA, BuilderApi
from .support import finished, generate
from .test_generation import outbox_events


def etag(response: Any) -> str:
    return str(response.headers["ETag"])


async def ready_draft(builder: BuilderApi) -> dict[str, Any]:
    """A draft with a selected variant: publishable."""
    draft = await builder.create(metadata=FULL_METADATA)
    result = await finished(builder, (await generate(builder, draft["id"]))["id"])
    variant = result["variants"][0]
    response = await builder.request(
        "POST", f"/drafts/{draft['id']}/variants/{variant['id']}/select"
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_seed_journey(bus_kind: str) -> None:
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    async with running_app([spec], settings) as app:
        builder = BuilderApi(app)
        # 1. Load builder: reference data and a fresh draft.
        reference = (await builder.request("GET", "/reference")).json()
        assert reference["categories"]
        draft = await builder.create()
        draft_id = draft["id"]
        # 2. Setup: partial metadata saves, with issues shown inline.
        partial = await builder.save(
            draft_id,
            {"metadata": {"title": "Handling price objections", "timezone": "Berlin"}},
            draft["revision"],
        )
        assert "unknown_timezone" in {i["code"] for i in partial["validation"]}
        early = await builder.request("POST", f"/drafts/{draft_id}/variants")
        assert early.status_code == 422
        setup = await builder.save(draft_id, {"metadata": FULL_METADATA}, partial["revision"])
        assert setup["validation"] == []
        refused = await builder.request(
            "POST", f"/drafts/{draft_id}/publish", headers={"If-Match": f'"{setup["revision"]}"'}
        )
        assert refused.status_code == 409
        checklist = refused.json()["readiness"]["checklist"]
        assert {i["key"] for i in checklist if not i["passed"]} == {
            "outline_present",
            "version_accepted",
            "durations_fill_window",
            "sections_complete",
        }
        assert (await builder.get(draft_id))["status"] == "draft"
        # 3. Generate, then select.
        result = await finished(builder, (await generate(builder, draft_id))["id"])
        chosen = next(v for v in result["variants"] if v["persona"] == "ignite")
        selected = await builder.request(
            "POST",
            f"/drafts/{draft_id}/variants/{chosen['id']}/select",
            headers={"If-Match": f'"{setup["revision"]}"'},
        )
        assert selected.status_code == 200, selected.text
        after = selected.json()
        version_id = after["accepted_version_id"]
        assert after["selected_version_id"] == version_id
        assert after["outline"]["sections"] == chosen["outline"]["sections"]
        assert [v["label"] for v in after["ai_versions"]] == ["Ignite"]
        assert after["readiness"]["score"] == 100
        # 4. Review & edit: every section operation is a revision under If-Match.
        sections = after["outline"]["sections"]
        base = f"/drafts/{draft_id}/sections"
        edited = await builder.request(
            "PATCH",
            f"{base}/{sections[1]['id']}",
            json={"title": "Warm-up challenge"},
            headers={"If-Match": etag(selected)},
        )
        assert edited.status_code == 200, edited.text
        moved = await builder.request(
            "POST",
            f"{base}/{sections[1]['id']}/move",
            json={"to_index": 2},
            headers={"If-Match": etag(edited)},
        )
        assert moved.json()["outline"]["sections"][2]["title"] == "Warm-up challenge"
        duplicated = await builder.request(
            "POST", f"{base}/{sections[2]['id']}/duplicate", headers={"If-Match": etag(moved)}
        )
        dup_sections = duplicated.json()["outline"]["sections"]
        assert len(dup_sections) == len(sections) + 1
        copy = dup_sections[
            dup_sections.index(next(s for s in dup_sections if s["id"] == sections[2]["id"])) + 1
        ]
        deleted = await builder.request(
            "DELETE", f"{base}/{copy['id']}", headers={"If-Match": etag(duplicated)}
        )
        added = await builder.request(
            "POST",
            base,
            json={"title": "Q&A", "duration_minutes": 5},
            headers={"If-Match": etag(deleted)},
        )
        added_sections = added.json()["outline"]["sections"]
        assert added_sections[-2]["title"] == "Q&A"
        assert added_sections[-1]["kind"] == "wrap_up"
        stale = await builder.request(
            "POST", base, json={"title": "late"}, headers={"If-Match": etag(deleted)}
        )
        assert stale.status_code == 412
        # The window is now overfilled by 5 minutes: the checklist says so.
        current = added.json()
        failing = {i["key"] for i in current["readiness"]["checklist"] if not i["passed"]}
        assert failing == {"durations_fill_window"}
        # Fix the durations with one autosave of the outline.
        fixed_sections = [dict(s) for s in added_sections]
        fixed_sections[1]["duration_minutes"] -= 5
        fixed = await builder.save(
            draft_id, {"outline": {"sections": fixed_sections}}, current["revision"]
        )
        assert fixed["readiness"]["score"] == 100
        # 5. Publish, publish again (idempotent), edit, republish (next content version).
        path = f"/drafts/{draft_id}/publish"
        published = await builder.request(
            "POST", path, headers={"If-Match": f'"{fixed["revision"]}"'}
        )
        assert published.status_code == 200, published.text
        first = published.json()
        assert first["content_version"] == 1
        assert first["created"] is True
        again = await builder.request("POST", path, headers={"If-Match": f'"{fixed["revision"]}"'})
        assert again.json()["content_version"] == 1
        assert again.json()["created"] is False
        retitled = await builder.save(
            draft_id, {"metadata": {"title": "Price objections 2.0"}}, fixed["revision"]
        )
        assert (await builder.get(draft_id))["status"] == "published"
        republished = await builder.request(
            "POST", path, headers={"If-Match": f'"{retitled["revision"]}"'}
        )
        assert republished.json()["content_version"] == 2
        session_id = first["session_id"]
        assert republished.json()["session_id"] == session_id
        session = (await builder.request("GET", f"/sessions/{session_id}")).json()
        assert session["title"] == "Price objections 2.0"
        assert session["current_version"] == 2
        assert session["starts_at"] == "2026-12-01T08:00:00.000000Z"
        assert session["content"]["accepted_version_id"] == version_id
        versions = (await builder.request("GET", f"/sessions/{session_id}/versions")).json()
        assert [v["version"] for v in versions] == [2, 1]
        assert versions[1]["outline"]["sections"] == fixed_sections
        events = await outbox_events(builder, "draft.published")
        assert [e["data"]["content_version"] for e in events] == [1, 2]
        assert events[0]["subject"] == f"draft/{draft_id}"
        assert events[1]["data"]["title"] == "Price objections 2.0"
        [selected_event] = await outbox_events(builder, "draft.variant_selected")
        assert selected_event["data"]["label"] == "Ignite"
        # Analytics saw it all.
        stats = (await builder.request("GET", "/analytics")).json()
        assert stats["generations"] == 1
        assert stats["selections_by_label"] == [{"key": "Ignite", "count": 1}]
        assert stats["published"] == 2
        # Archive: once, with its event; the draft is read-only afterwards.
        archived = await builder.request("POST", f"/drafts/{draft_id}/archive")
        assert archived.json()["status"] == "archived"
        await builder.request("POST", f"/drafts/{draft_id}/archive")
        assert len(await outbox_events(builder, "draft.archived")) == 1
        late = await builder.patch(draft_id, {"ai_prompt": "x"}, archived.json()["revision"])
        assert late.status_code == 409
        assert json.loads(late.text)["type"].endswith("draft-archived")


async def test_regenerating_keeps_versions_and_compare_diffs_sections(builder: BuilderApi) -> None:
    draft = await ready_draft(builder)
    draft_id = draft["id"]
    result = await finished(builder, (await generate(builder, draft_id))["id"])
    other = result["variants"][3]
    selected = (
        await builder.request("POST", f"/drafts/{draft_id}/variants/{other['id']}/select")
    ).json()
    assert len(selected["ai_versions"]) == 2
    a, b = (v["id"] for v in selected["ai_versions"])
    diff = (
        await builder.request(
            "GET", f"/drafts/{draft_id}/versions/compare", params={"a": a, "b": b}
        )
    ).json()
    assert diff["added"]
    assert diff["removed"]
    assert diff["summary"]["changed"] is True
    assert diff["summary"]["minutes_a"] == diff["summary"]["minutes_b"] == 90
    # Against the live outline after a move and an edit: moved and changed, nothing added.
    sections = selected["outline"]["sections"]
    moved = await builder.request(
        "POST",
        f"/drafts/{draft_id}/sections/{sections[1]['id']}/move",
        json={"to_index": 3},
        headers={"If-Match": f'"{selected["revision"]}"'},
    )
    await builder.request(
        "PATCH",
        f"/drafts/{draft_id}/sections/{sections[0]['id']}",
        json={"duration_minutes": 1},
        headers={"If-Match": moved.headers["ETag"]},
    )
    live = (
        await builder.request(
            "GET", f"/drafts/{draft_id}/versions/compare", params={"a": b, "b": "current"}
        )
    ).json()
    assert live["added"] == []
    assert live["removed"] == []
    assert [m["id"] for m in live["moved"]] == [sections[1]["id"]]
    assert [c["fields"] for c in live["changed"]] == [
        {"duration_minutes": {"a": sections[0]["duration_minutes"], "b": 1}}
    ]
    accepted = await builder.request("POST", f"/drafts/{draft_id}/versions/{a}/accept")
    assert accepted.json()["accepted_version_id"] == a
    bad = await builder.request(
        "GET", f"/drafts/{draft_id}/versions/compare", params={"a": "nope", "b": "current"}
    )
    assert bad.status_code == 400


async def test_published_sessions_and_variants_are_invisible_to_others(
    builder: BuilderApi,
) -> None:
    draft = await ready_draft(builder)
    published = await builder.request(
        "POST", f"/drafts/{draft['id']}/publish", headers={"If-Match": f'"{draft["revision"]}"'}
    )
    session_id = published.json()["session_id"]
    bob = builder.as_user("bob")
    assert (await bob.request("GET", f"/sessions/{session_id}")).status_code == 404
    assert (await bob.request("GET", f"/sessions/{session_id}/versions")).status_code == 404
    assert (await bob.request("GET", "/sessions")).json()["data"] == []
    generation = (await builder.request("GET", f"/drafts/{draft['id']}/generations")).json()[0]
    assert (await bob.request("GET", f"/generations/{generation['id']}")).status_code == 404
    variant = generation["variants"][0]["id"]
    bobs = await bob.create(metadata=FULL_METADATA)
    stolen = await bob.request("POST", f"/drafts/{bobs['id']}/variants/{variant}/select")
    assert stolen.status_code == 404
    assert (
        await bob.request("POST", f"/drafts/{draft['id']}/publish", headers={"If-Match": "*"})
    ).status_code == 404
    assert (await bob.request("POST", f"/drafts/{draft['id']}/archive")).status_code == 404
    assert (await builder.get(draft["id"]))["status"] == "published"


async def test_publish_needs_if_match_and_a_current_revision(builder: BuilderApi) -> None:
    draft = await ready_draft(builder)
    path = f"/drafts/{draft['id']}/publish"
    assert (await builder.request("POST", path)).status_code == 428
    stale = await builder.request("POST", path, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["current_revision"] == draft["revision"]
    assert (await builder.get(draft["id"]))["status"] == "draft"
