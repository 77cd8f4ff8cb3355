"""Autosave: JSON Merge Patch under If-Match, snapshots, undo, inline validation, bad input."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from sqlalchemy import text

from sessionhub.builder.state import state_of

from .conftest import FULL_METADATA, BuilderApi


def issue_codes(draft: dict[str, Any]) -> set[str]:
    return {i["code"] for i in draft["validation"]}


async def stored(builder: BuilderApi, draft_id: str) -> tuple[int, Any, int]:
    async with builder.ctx.db.read_session() as db:
        row = (
            await db.execute(
                text(
                    "SELECT revision, doc, (SELECT count(*) FROM draft_snapshots "
                    "WHERE draft_id = :id) AS snaps FROM drafts WHERE id = :id"
                ),
                {"id": draft_id},
            )
        ).one()
    return row.revision, row.doc, row.snaps


async def test_merge_patch_merges_objects_replaces_arrays_and_null_removes(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(metadata={"title": "T", "category": "Sales"}, ai_prompt="p")
    saved = await builder.save(
        draft["id"],
        {
            "metadata": {"category": None, "desiredOutcome": "Better calls"},
            "outline": {"sections": [{"title": "Intro", "duration_minutes": 10}]},
        },
        1,
    )
    assert saved["revision"] == 2
    # The answer is the revision, the inline validation and the readiness, not the draft.
    assert set(saved) == {
        "id",
        "revision",
        "validation",
        "readiness",
        "last_autosave_at",
        "updated_at",
    }
    assert "metadata.category" in {i["field"] for i in saved["validation"]}
    whole = await builder.get(draft["id"])
    assert whole["revision"] == 2
    assert whole["metadata"]["title"] == "T"
    assert whole["metadata"]["category"] is None
    assert whole["metadata"]["desiredOutcome"] == "Better calls"
    assert whole["ai_prompt"] == "p"
    [section] = whole["outline"]["sections"]
    assert section["id"]
    assert section["kind"] == "content"
    assert whole["validation"] == saved["validation"]
    assert whole["readiness"] == saved["readiness"]
    again = await builder.save(
        draft["id"], {"outline": {"sections": [{"title": "Only", "duration_minutes": 5}]}}, 2
    )
    assert [s["title"] for s in (await builder.get(draft["id"]))["outline"]["sections"]] == ["Only"]
    assert again["last_autosave_at"] >= saved["last_autosave_at"]


async def test_stale_if_match_is_412_with_the_current_revision_and_nothing_changes(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(metadata={"title": "Tab one"})
    await builder.save(draft["id"], {"metadata": {"title": "Tab one edit"}}, 1)
    stale = await builder.patch(draft["id"], {"metadata": {"title": "Tab two"}}, 1)
    assert stale.status_code == 412
    assert stale.json()["current_revision"] == 2
    assert stale.headers["ETag"] == '"2"'
    assert stale.headers["content-type"].startswith("application/problem+json")
    current = await builder.get(draft["id"])
    assert current["metadata"]["title"] == "Tab one edit"
    missing = await builder.request("PATCH", f"/drafts/{draft['id']}", json={"ai_prompt": "x"})
    assert missing.status_code == 428
    star = await builder.request(
        "PATCH", f"/drafts/{draft['id']}", json={"ai_prompt": "x"}, headers={"If-Match": "*"}
    )
    assert star.status_code == 200
    assert star.headers["ETag"] == '"3"'
    junk = await builder.request(
        "PATCH", f"/drafts/{draft['id']}", json={}, headers={"If-Match": "abc"}
    )
    assert junk.status_code == 400


async def test_concurrent_autosaves_on_one_revision_one_wins_the_rest_get_412(
    builder: BuilderApi,
) -> None:
    draft = await builder.create()
    responses = await asyncio.gather(
        *(builder.patch(draft["id"], {"ai_prompt": f"tab {i}"}, 1) for i in range(8))
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [412] * 7
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    revision, doc, snaps = await stored(builder, draft["id"])
    assert revision == 2
    assert doc["ai_prompt"] == f"tab {winner}"
    assert snaps == 2


async def test_incomplete_or_inconsistent_drafts_save_with_inline_issues(
    builder: BuilderApi,
) -> None:
    draft = await builder.create()
    metadata = {
        **FULL_METADATA,
        "startTime": "10:00",
        "endTime": "09:00",
        "timezone": "Mars/Olympus",
        "topics": [{"title": f"t{i}", "durationMinutes": 10} for i in range(4)],
    }
    saved = await builder.save(draft["id"], {"metadata": metadata}, 1)
    assert issue_codes(saved) == {"end_before_start", "unknown_timezone", "too_many_topics"}
    fixed = await builder.save(
        draft["id"],
        {
            "metadata": {
                "endTime": "10:30",
                "timezone": "Europe/Berlin",
                "topics": [{"title": "Long", "durationMinutes": 45}],
            }
        },
        2,
    )
    assert issue_codes(fixed) == {"topics_exceed_window"}
    cleared = await builder.save(draft["id"], {"metadata": {"title": None}}, 3)
    assert issue_codes(cleared) == {"topics_exceed_window", "missing"}
    assert [i["field"] for i in cleared["validation"] if i["code"] == "missing"] == [
        "metadata.title"
    ]


async def test_malformed_input_is_422_and_nothing_is_stored(builder: BuilderApi) -> None:
    draft = await builder.create(metadata={"title": "Keep me"})
    before = await stored(builder, draft["id"])
    bad_patches = [
        {"metadata": {"title": 5}},
        {"metadata": {"sessionType": "party"}},
        {"metadata": {"colour": "red"}},
        {"unknown": 1},
        {"metadata": {"title": "x" * 201}},
        {"metadata": {"startDate": "first of May"}},
        {"outline": {"sections": [{"title": "a", "duration_minutes": "ten"}]}},
        {"outline": {"sections": [{"title": "a"}] * 201}},
        {"outline": {"sections": [{"id": "s", "title": "a"}, {"id": "s", "title": "b"}]}},
        # Past 2**64 the JSON encoder of the store fails after validation: a 500.
        {
            "outline": {
                "sections": [
                    {
                        "title": "a",
                        "source_refs": [{"document_id": str(uuid.uuid4()), "chunk_id": 2**64}],
                    }
                ]
            }
        },
        {"metadata": {"topics": [{"title": "t", "durationMinutes": 5}] * 21}},
        [1, 2],
    ]
    for patch in bad_patches:
        response = await builder.patch(draft["id"], patch, 1)
        assert response.status_code == 422, (patch, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    not_json = await builder.request(
        "PATCH",
        f"/drafts/{draft['id']}",
        content=b"{oops",
        headers={"If-Match": '"1"', "Content-Type": "application/json"},
    )
    assert not_json.status_code in (400, 422)
    assert await stored(builder, draft["id"]) == before
    created = await builder.request("POST", "/drafts", json={"metadata": {"sessionType": "x"}})
    assert created.status_code == 422
    assert len((await builder.request("GET", "/drafts")).json()["data"]) == 1


async def test_unstorable_key_is_422_naming_it_escaped_and_nothing_is_stored(
    builder: BuilderApi,
) -> None:
    # A lone surrogate in a key once broke the refusal itself: its problem named the
    # key verbatim, which cannot be encoded as UTF-8, and the 422 became a 500.
    draft = await builder.create(metadata={"title": "Keep me"})
    before = await stored(builder, draft["id"])
    response = await builder.request(
        "PATCH",
        f"/drafts/{draft['id']}",
        content=json.dumps({"metadata": {"x\ud800": "y"}}).encode(),
        headers={"If-Match": '"1"', "Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "body.metadata.x\\ud800"
    assert await stored(builder, draft["id"]) == before


async def prompts_up_to(builder: BuilderApi, draft_id: str, start: int, last: int) -> None:
    """Save revisions start + 1 .. last from ``start``, revision n holding prompt "vn"."""
    for revision in range(start, last):
        await builder.save(draft_id, {"ai_prompt": f"v{revision + 1}"}, revision)


async def snapshot_revisions(builder: BuilderApi, draft_id: str) -> list[int]:
    snapshots = (await builder.request("GET", f"/drafts/{draft_id}/snapshots")).json()
    return [s["revision"] for s in snapshots]


async def test_snapshots_keep_the_last_50_and_undo_walks_back_as_new_revisions(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(ai_prompt="v1")
    await prompts_up_to(builder, draft["id"], 1, 60)
    assert await snapshot_revisions(builder, draft["id"]) == list(range(60, 10, -1))
    assert (await stored(builder, draft["id"]))[2] == 50

    path = f"/drafts/{draft['id']}/undo"
    undone = (await builder.request("POST", path)).json()
    assert undone["revision"] == 61
    assert undone["ai_prompt"] == "v59"
    twice = (await builder.request("POST", path, headers={"If-Match": '"61"'})).json()
    assert twice["revision"] == 62
    assert twice["ai_prompt"] == "v58"
    redo = await builder.request("POST", path, json={"to_revision": 60})
    assert redo.json()["ai_prompt"] == "v60"
    assert redo.json()["revision"] == 63
    stale = await builder.request("POST", path, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["current_revision"] == 63
    gone = await builder.request("POST", path, json={"to_revision": 3})
    assert gone.status_code == 404


async def test_a_smaller_window_hides_what_the_larger_one_kept_and_storage_stays_bounded(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(ai_prompt="v1")
    await prompts_up_to(builder, draft["id"], 1, 55)
    state = state_of(builder.ctx)
    state.settings = state.settings.model_copy(update={"snapshots_kept": 5})
    await prompts_up_to(builder, draft["id"], 55, 58)

    assert await snapshot_revisions(builder, draft["id"]) == [58, 57, 56, 55, 54]
    path = f"/drafts/{draft['id']}/undo"
    assert (await builder.request("POST", path, json={"to_revision": 53})).status_code == 404
    # Each save still prunes the one leaving the window: storage grows no more.
    for revision in range(58, 70):
        await prompts_up_to(builder, draft["id"], revision, revision + 1)
        assert (await stored(builder, draft["id"]))[2] <= 50


async def test_undo_with_no_history_is_409(builder: BuilderApi) -> None:
    draft = await builder.create()
    response = await builder.request("POST", f"/drafts/{draft['id']}/undo")
    assert response.status_code == 409


def ids_and_titles(draft: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["id"], s["title"]) for s in draft["outline"]["sections"]]


async def test_undo_and_restore_keep_section_ids_so_section_operations_still_address_them(
    builder: BuilderApi,
) -> None:
    draft = await builder.create()
    draft_id = draft["id"]
    sections = [{"title": t, "duration_minutes": 10} for t in ("Open", "Middle", "Close")]
    await builder.save(draft_id, {"outline": {"sections": sections}}, 1)
    original = ids_and_titles(await builder.get(draft_id))
    (open_id, _), (middle_id, _), (close_id, _) = original
    assert len({open_id, middle_id, close_id}) == 3

    async def op(method: str, path: str, revision: int, **kwargs: Any) -> dict[str, Any]:
        response = await builder.request(
            method,
            f"/drafts/{draft_id}/sections{path}",
            headers={"If-Match": f'"{revision}"'},
            **kwargs,
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    edited = await op("PATCH", f"/{middle_id}", 2, json={"title": "Middle, edited"})
    deleted = await op("DELETE", f"/{open_id}", edited["revision"])
    duplicated = await op("POST", f"/{close_id}/duplicate", deleted["revision"])
    copy_id = duplicated["outline"]["sections"][-1]["id"]
    assert copy_id not in {open_id, middle_id, close_id}

    undo = f"/drafts/{draft_id}/undo"
    once = (await builder.request("POST", undo, headers={"If-Match": '"5"'})).json()
    assert ids_and_titles(once) == [(middle_id, "Middle, edited"), (close_id, "Close")]
    twice = (await builder.request("POST", undo, headers={"If-Match": '"6"'})).json()
    assert ids_and_titles(twice) == [
        (open_id, "Open"),
        (middle_id, "Middle, edited"),
        (close_id, "Close"),
    ]

    # The section brought back by undo is addressed by the id it always had.
    renamed = await op("PATCH", f"/{open_id}", twice["revision"], json={"title": "Opening"})
    assert ids_and_titles(renamed) == [
        (open_id, "Opening"),
        (middle_id, "Middle, edited"),
        (close_id, "Close"),
    ]
    moved = await op("POST", f"/{close_id}/move", renamed["revision"], json={"to_index": 0})
    assert [i for i, _ in ids_and_titles(moved)] == [close_id, open_id, middle_id]
    # The copy was undone: addressing it is a 404, and nothing changes.
    gone = await builder.request(
        "DELETE",
        f"/drafts/{draft_id}/sections/{copy_id}",
        headers={"If-Match": f'"{moved["revision"]}"'},
    )
    assert gone.status_code == 404

    # Restoring a chosen revision brings back that revision's ids too, copy included.
    restored = await builder.request("POST", undo, json={"to_revision": duplicated["revision"]})
    assert ids_and_titles(restored.json()) == [
        (middle_id, "Middle, edited"),
        (close_id, "Close"),
        (copy_id, "Close (copy)"),
    ]
    again = await op("DELETE", f"/{copy_id}", restored.json()["revision"])
    assert [i for i, _ in ids_and_titles(again)] == [middle_id, close_id]


async def test_sections_sent_with_ids_keep_them_through_autosave_and_undo(
    builder: BuilderApi,
) -> None:
    draft = await builder.create()
    first = [{"id": "a1", "title": "A"}, {"id": "b2", "title": "B"}]
    await builder.save(draft["id"], {"outline": {"sections": first}}, 1)
    await builder.save(draft["id"], {"outline": {"sections": first[::-1]}}, 2)
    undone = (await builder.request("POST", f"/drafts/{draft['id']}/undo")).json()
    assert ids_and_titles(undone) == [("a1", "A"), ("b2", "B")]
    edited = await builder.request(
        "PATCH",
        f"/drafts/{draft['id']}/sections/b2",
        json={"duration_minutes": 15},
        headers={"If-Match": f'"{undone["revision"]}"'},
    )
    assert [(s["id"], s["duration_minutes"]) for s in edited.json()["outline"]["sections"]] == [
        ("a1", 0),
        ("b2", 15),
    ]


async def test_values_merged_as_sent_read_back_like_any_other_spelling(
    builder: BuilderApi,
) -> None:
    """A patch is merged as its body spells it (when it needs nothing added): every
    reader goes through the values, so a draft reads the same whichever spelling a
    client sent; a selected version in a spelling PostgreSQL's uuid refuses still saves."""
    draft = await builder.create(metadata=FULL_METADATA)
    document = "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"
    spelled = {
        "metadata": {"startTime": "09:00", "endTime": "10:00:00.000"},
        "outline": {
            "sections": [
                {
                    "id": "s1",
                    "title": "Café",
                    "duration_minutes": 0,
                    "source_refs": [{"document_id": document, "chunk_id": 1}],
                },
            ]
        },
    }
    # json.dumps escapes the é (\\u00e9); the minutes go as -0.
    body = json.dumps(spelled).replace('"duration_minutes": 0', '"duration_minutes": -0')
    assert "\\u00e9" in body
    assert "-0" in body
    response = await builder.request(
        "PATCH",
        f"/drafts/{draft['id']}",
        content=body,
        headers={"If-Match": '"1"', "Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 200, response.text
    whole = await builder.get(draft["id"])
    assert (whole["metadata"]["startTime"], whole["metadata"]["endTime"]) == (
        "09:00:00",
        "10:00:00",
    )
    [section] = whole["outline"]["sections"]
    assert (section["title"], section["duration_minutes"]) == ("Café", 0)
    assert section["source_refs"][0]["document_id"] == document.lower()
    assert response.json()["readiness"] == whole["readiness"]
    saved = await builder.save(
        draft["id"], {"selected_version_id": f"urn:uuid:{document.lower()}"}, 2
    )
    assert "unknown_version" in issue_codes(saved)
    assert (await builder.get(draft["id"]))["selected_version_id"] == document.lower()


async def test_autosave_answers_the_same_validation_and_readiness_as_the_draft(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(metadata=FULL_METADATA)
    saved = await builder.save(
        draft["id"],
        {
            "selected_version_id": "00000000-0000-4000-8000-000000000001",
            "outline": {
                "sections": [
                    {"title": "  ", "duration_minutes": 30},
                    {"title": "Practice"},
                    {"title": "Wrap", "duration_minutes": 60},
                ]
            },
        },
        1,
    )
    whole = await builder.get(draft["id"])
    assert saved["validation"] == whole["validation"]
    assert saved["readiness"] == whole["readiness"]
    assert "unknown_version" in issue_codes(saved)
    failing = {i["key"]: i["message"] for i in saved["readiness"]["checklist"] if not i["passed"]}
    assert "1, 2" in failing["sections_complete"]


async def test_readiness_counts_the_stored_sections_a_patch_leaves_and_none_once_removed(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(metadata=FULL_METADATA)
    sections = [{"title": "Open", "duration_minutes": 30}, {"title": "", "duration_minutes": 60}]
    patches: list[dict[str, Any]] = [
        {"outline": {"sections": sections}},
        {"metadata": {"endTime": "10:00"}},
        {"outline": {"summary": "Two parts"}},
        {"outline": None},
    ]
    outline_present = []
    for revision, patch in enumerate(patches, start=1):
        saved = await builder.save(draft["id"], patch, revision)
        whole = await builder.get(draft["id"])
        assert saved["readiness"] == whole["readiness"], patch
        checks = {i["key"]: i for i in saved["readiness"]["checklist"]}
        outline_present.append(checks["outline_present"]["message"])
    assert outline_present[:3] == ["2 sections."] * 3
    assert outline_present[3] == "Generate variants or add sections."


async def test_large_documents_are_stored_lz4_compressed_where_the_server_has_it(
    builder: BuilderApi,
) -> None:
    """pglz compressing a 20 KB outline twice per save was a quarter of the statement."""
    draft = await builder.create()
    sections = [
        {"title": f"Section {i}: rehearsing the price objection", "description": "x y z " * 60}
        for i in range(50)
    ]
    saved = await builder.save(draft["id"], {"outline": {"sections": sections}}, 1)
    async with builder.ctx.db.read_session() as db:
        has_lz4 = (
            await db.execute(
                text(
                    "SELECT 'lz4' = ANY (enumvals) FROM pg_settings "
                    "WHERE name = 'default_toast_compression'"
                )
            )
        ).scalar_one()
        methods = (
            (
                await db.execute(
                    text(
                        "SELECT pg_column_compression(doc) FROM drafts WHERE id = :id "
                        "UNION ALL SELECT pg_column_compression(doc) FROM draft_snapshots "
                        "WHERE draft_id = :id AND revision = :revision"
                    ),
                    {"id": draft["id"], "revision": saved["revision"]},
                )
            )
            .scalars()
            .all()
        )
    assert methods == ["lz4" if has_lz4 else "pglz"] * 2
    assert (await builder.get(draft["id"]))["outline"]["sections"][49]["title"] == sections[49][
        "title"
    ]
