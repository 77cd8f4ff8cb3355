"""PATCH /api/training-sessions/{id} and POST /api/training-sessions/{id}/transcript."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sessionhub.common.auth import Role
from sessionhub.common.timestamps import PATTERN

from ..support import BASE, Actor, assert_problem


async def transcript(actor: Actor, session_id: int) -> list[dict]:
    return list((await actor.session(session_id))["transcript"])


def recent(**delta: float) -> str:
    """A UTC timestamp near now, as browsers send it (whole seconds, ``Z``)."""
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(**delta)
    return moment.isoformat().replace("+00:00", "Z")


class TestAppendLine:
    async def test_server_assigns_the_next_seq(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        stamp = recent()
        result = await alice.say(sid, "Hello, how can I help?")
        assert result["lines"][0]["seq"] == 2
        second = await alice.patch(
            f"{BASE}/{sid}",
            json={
                "transcript_line": {
                    "speaker": "agent",
                    "text": "I want a refund.",
                    "timestamp": stamp,
                }
            },
        )
        assert second.json()["lines"] == [
            {
                "seq": 3,
                "speaker": "persona",
                "text": "I want a refund.",
                # The one wire format: RFC 3339 UTC, six fractional digits, `Z`.
                "timestamp": stamp.replace("Z", ".000000Z"),
            }
        ]
        assert [line["seq"] for line in await transcript(alice, sid)] == [1, 2, 3]

    async def test_every_timestamp_has_the_one_wire_format(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.say(sid, "Hello.")
        session = await alice.session(sid)
        stamps = [session["started_at"], session["created_at"]] + [
            line["timestamp"] for line in session["transcript"]
        ]
        listed = (await alice.get(BASE)).json()["data"][0]
        stamps += [listed["started_at"], listed["created_at"]]
        assert all(PATTERN.match(s) for s in stamps if s is not None), stamps

    @pytest.mark.parametrize(
        ("given", "stored"),
        [("user", "trainee"), ("TRAINEE", "trainee"), ("ai", "persona"), ("Agent", "persona")],
    )
    async def test_speaker_synonyms(self, alice: Actor, given: str, stored: str) -> None:
        sid = (await alice.start_session())["id"]
        result = await alice.say(sid, "hi", speaker=given)
        assert result["lines"][0]["speaker"] == stored

    async def test_rename_with_patch(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        response = await alice.patch(f"{BASE}/{sid}", json={"title": "Renamed"})
        assert response.status_code == 200
        assert (await alice.session(sid))["title"] == "Renamed"


class TestAppendBadInput:
    @pytest.mark.parametrize(
        "line",
        [
            {"speaker": "narrator", "text": "hi"},
            {"speaker": "trainee"},
            {"speaker": "trainee", "text": "   "},
            {"speaker": "trainee", "text": 42},
            {"speaker": "trainee", "text": "hi", "timestamp": "yesterday"},
        ],
        ids=["unknown-speaker", "no-text", "blank-text", "text-number", "bad-timestamp"],
    )
    async def test_invalid_line_is_422_and_nothing_stored(self, alice: Actor, line: dict) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await alice.patch(f"{BASE}/{sid}", json={"transcript_line": line}), 422)
        assert len(await transcript(alice, sid)) == 1

    @pytest.mark.parametrize(
        "stamp",
        [
            "2025-01-02T10:00:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "1900-01-01T00:00:00Z",
            "2100-01-01T00:00:00Z",
        ],
        ids=["no-zone", "year-1", "past-9999-in-utc", "1900", "2100"],
    )
    async def test_timestamp_outside_the_accepted_range_is_422_naming_it(
        self, alice: Actor, stamp: str
    ) -> None:
        sid = (await alice.start_session())["id"]
        lines = [
            {"speaker": "trainee", "text": "fine", "timestamp": recent()},
            {"speaker": "trainee", "text": "bad", "timestamp": stamp},
        ]
        problem = assert_problem(
            await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines}), 422
        )
        assert [e["field"] for e in problem["errors"]] == ["body.lines.1.timestamp"]
        single = await alice.patch(f"{BASE}/{sid}", json={"transcript_line": lines[1]})
        assert assert_problem(single, 422)["errors"][0]["field"] == "body.transcript_line.timestamp"
        assert len(await transcript(alice, sid)) == 1
        # The session is not broken by the refused lines: it still completes.
        assert (await alice.post(f"{BASE}/{sid}/complete")).status_code == 200

    async def test_timestamp_with_an_offset_is_stored_in_utc(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        local = (datetime.now(UTC) - timedelta(minutes=5)).replace(microsecond=0)
        given = local.astimezone(timezone(timedelta(hours=-5, minutes=-30))).isoformat()
        line = {"speaker": "trainee", "text": "hi", "timestamp": given}
        stored = (await alice.patch(f"{BASE}/{sid}", json={"transcript_line": line})).json()
        assert datetime.fromisoformat(stored["lines"][0]["timestamp"]) == local
        assert stored["lines"][0]["timestamp"].endswith("Z")

    @pytest.mark.parametrize(
        "text", ["nul \x00 inside", "lone \ud800 surrogate"], ids=["nul", "surrogate"]
    )
    async def test_unstorable_text_is_422_naming_the_field(self, alice: Actor, text: str) -> None:
        sid = (await alice.start_session())["id"]
        body = json.dumps({"lines": [{"speaker": "trainee", "text": text}]})
        response = await alice.post(
            f"{BASE}/{sid}/transcript",
            content=body.encode(),
            headers={"content-type": "application/json"},
        )
        problem = assert_problem(response, 422)
        assert "lines.0.text" in json.dumps(problem)
        assert len(await transcript(alice, sid)) == 1

    async def test_empty_patch_is_422(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await alice.patch(f"{BASE}/{sid}", json={}), 422)

    async def test_text_over_the_cap_is_422(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        line = {"speaker": "trainee", "text": "x" * 4001}
        problem = assert_problem(
            await alice.patch(f"{BASE}/{sid}", json={"transcript_line": line}), 422
        )
        assert problem["errors"][0]["field"] == "body.transcript_line.text"
        assert len(await transcript(alice, sid)) == 1
        line["text"] = "x" * 4000
        assert (
            await alice.patch(f"{BASE}/{sid}", json={"transcript_line": line})
        ).status_code == 200

    async def test_malformed_json_is_400(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        response = await alice.patch(
            f"{BASE}/{sid}", content=b"{nope", headers={"content-type": "application/json"}
        )
        assert_problem(response, 400)
        assert len(await transcript(alice, sid)) == 1

    async def test_completed_session_is_409(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        response = await alice.patch(
            f"{BASE}/{sid}", json={"transcript_line": {"speaker": "trainee", "text": "late"}}
        )
        problem = assert_problem(response, 409)
        assert problem["type"].endswith("session-closed")
        assert len(await transcript(alice, sid)) == 1

    async def test_missing_session_is_404(self, alice: Actor) -> None:
        line = {"speaker": "trainee", "text": "hi"}
        assert_problem(await alice.patch(f"{BASE}/999999", json={"transcript_line": line}), 404)

    async def test_non_integer_id_is_422(self, alice: Actor) -> None:
        assert_problem(await alice.get(f"{BASE}/abc"), 422)


class TestAppendIsolation:
    async def test_another_users_session_is_404(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        line = {"speaker": "trainee", "text": "let me in"}
        assert_problem(await bob.patch(f"{BASE}/{sid}", json={"transcript_line": line}), 404)
        batch = await bob.post(f"{BASE}/{sid}/transcript", json={"lines": [line]})
        assert_problem(batch, 404)
        assert len(await transcript(alice, sid)) == 1

    async def test_admin_may_append(self, alice: Actor, actor) -> None:
        admin = actor(Role.admin)
        sid = (await alice.start_session())["id"]
        await admin.say(sid, "admin note")
        assert len(await transcript(alice, sid)) == 2


class TestAppendBatch:
    async def test_batch_gets_consecutive_seqs(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        lines = [
            {"speaker": "trainee" if i % 2 else "persona", "text": f"line {i}"} for i in range(5)
        ]
        response = await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines})
        assert response.status_code == 200
        assert [x["seq"] for x in response.json()["lines"]] == [2, 3, 4, 5, 6]
        stored = await transcript(alice, sid)
        assert [x["text"] for x in stored[1:]] == [f"line {i}" for i in range(5)]

    async def test_one_bad_line_rejects_the_whole_batch(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        lines = [{"speaker": "trainee", "text": "fine"}, {"speaker": "trainee", "text": "y" * 5000}]
        problem = assert_problem(
            await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines}), 422
        )
        assert problem["errors"][0]["field"] == "body.lines.1.text"
        unknown = [{"speaker": "trainee", "text": "fine"}, {"speaker": "ghost", "text": "boo"}]
        assert_problem(await alice.post(f"{BASE}/{sid}/transcript", json={"lines": unknown}), 422)
        assert len(await transcript(alice, sid)) == 1

    @pytest.mark.parametrize("body", [{"lines": []}, {"lines": "hi"}, {}])
    async def test_empty_or_wrong_batch_is_422(self, alice: Actor, body: dict) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await alice.post(f"{BASE}/{sid}/transcript", json=body), 422)

    async def test_too_many_lines_is_413(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        lines = [{"speaker": "trainee", "text": "x"}] * 501
        assert_problem(await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines}), 413)
        assert len(await transcript(alice, sid)) == 1

    async def test_concurrent_appends_never_share_a_seq(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]

        async def append(i: int) -> None:
            lines = [{"speaker": "trainee", "text": f"{i}-{j}"} for j in range(3)]
            response = await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines})
            assert response.status_code == 200

        await asyncio.gather(*(append(i) for i in range(8)))
        stored = await transcript(alice, sid)
        assert [x["seq"] for x in stored] == list(range(1, 26))
        for i in range(8):
            texts = [x["text"] for x in stored if x["text"].startswith(f"{i}-")]
            assert texts == [f"{i}-0", f"{i}-1", f"{i}-2"]
