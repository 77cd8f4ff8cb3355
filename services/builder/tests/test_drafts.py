"""Drafts over HTTP: create with Idempotency-Key, list, read, delete, isolation."""

from __future__ import annotations

import uuid

from .conftest import FULL_METADATA, BuilderApi


async def test_create_answers_201_with_location_etag_and_the_seed_fields(
    builder: BuilderApi,
) -> None:
    response = await builder.request("POST", "/drafts", json={"metadata": {"title": "Pricing"}})
    assert response.status_code == 201, response.text
    draft = response.json()
    assert response.headers["Location"] == f"/api/builder/drafts/{draft['id']}"
    assert response.headers["ETag"] == '"1"'
    assert draft["revision"] == 1
    assert draft["status"] == "draft"
    assert draft["metadata"]["title"] == "Pricing"
    for field in (
        "outline",
        "ai_prompt",
        "ai_versions",
        "accepted_version_id",
        "selected_version_id",
        "readiness",
        "last_autosave_at",
        "published_session_id",
        "validation",
    ):
        assert field in draft
    assert draft["readiness"]["score"] < draft["readiness"]["threshold"] == 80
    assert any(
        i["field"] == "metadata.sessionType" and i["code"] == "missing" for i in draft["validation"]
    )


async def test_create_without_body_and_idempotent_replay(builder: BuilderApi) -> None:
    empty = await builder.request("POST", "/drafts")
    assert empty.status_code == 201, empty.text
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = await builder.request("POST", "/drafts", json={"ai_prompt": "x"}, headers=key)
    again = await builder.request("POST", "/drafts", json={"ai_prompt": "x"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Location"] == first.headers["Location"]
    other = await builder.request("POST", "/drafts", json={"ai_prompt": "y"}, headers=key)
    assert other.status_code == 422
    listed = (await builder.request("GET", "/drafts")).json()["data"]
    assert len(listed) == 2


async def test_list_is_newest_first_in_cursor_pages_and_filters_by_status(
    builder: BuilderApi,
) -> None:
    ids = [(await builder.create(metadata={"title": f"d{i}"}))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await builder.request("GET", "/drafts", params=params)).json()
        seen += [d["id"] for d in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[::-1]
    assert (await builder.request("GET", "/drafts", params={"status": "published"})).json()[
        "data"
    ] == []
    assert (
        len((await builder.request("GET", "/drafts", params={"status": "draft"})).json()["data"])
        == 5
    )
    bad = await builder.request("GET", "/drafts", params={"status": "gone"})
    assert bad.status_code == 422
    assert (await builder.request("GET", "/drafts", params={"cursor": "!!"})).status_code == 400


async def test_another_users_draft_is_404_everywhere(builder: BuilderApi) -> None:
    draft = await builder.create(metadata=FULL_METADATA)
    bob = builder.as_user("bob")
    path = f"/drafts/{draft['id']}"
    assert (await bob.request("GET", path)).status_code == 404
    assert (await bob.patch(draft["id"], {"ai_prompt": "mine"}, 1)).status_code == 404
    assert (await bob.request("POST", path + "/undo")).status_code == 404
    assert (await bob.request("GET", path + "/snapshots")).status_code == 404
    assert (await bob.request("DELETE", path)).status_code == 404
    assert (await bob.request("GET", "/drafts")).json()["data"] == []
    assert (await builder.get(draft["id"]))["revision"] == 1


async def test_delete_removes_the_draft(builder: BuilderApi) -> None:
    draft = await builder.create()
    assert (await builder.request("DELETE", f"/drafts/{draft['id']}")).status_code == 204
    assert (await builder.request("GET", f"/drafts/{draft['id']}")).status_code == 404
    assert (await builder.request("DELETE", f"/drafts/{draft['id']}")).status_code == 404


async def test_reference_data_is_seeded(builder: BuilderApi) -> None:
    response = await builder.request("GET", "/reference")
    assert response.status_code == 200
    data = response.json()
    assert {c["name"] for c in data["categories"]} >= {"Sales", "Leadership"}
    assert data["audiences"]
    assert data["tones"]
    assert any(loc["timezone"] == "Europe/Berlin" for loc in data["locations"])
    assert (await builder.client.get("/api/builder/reference")).status_code == 401
