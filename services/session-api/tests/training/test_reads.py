"""GET one, GET list, DELETE, legacy-free reads and isolation."""

from __future__ import annotations

import base64
import json

import pytest

from sessionhub.common.auth import Role

from ..support import BASE, Actor, assert_problem


class TestGetSession:
    async def test_owner_reads_everything(self, alice: Actor) -> None:
        sid = (await alice.start_session(title="Full read"))["id"]
        await alice.say(sid, "Hi!")
        session = await alice.session(sid)
        assert session["title"] == "Full read"
        assert session["line_count"] == 2
        assert session["feedback_strengths"] == []
        assert session["overall_score"] is None
        assert [x["speaker"] for x in session["transcript"]] == ["persona", "trainee"]

    async def test_another_user_gets_404_without_data(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session(title="Secret"))["id"]
        problem = assert_problem(await bob.get(f"{BASE}/{sid}"), 404)
        assert "Secret" not in str(problem)

    async def test_missing_and_unknown_look_alike(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        theirs = assert_problem(await bob.get(f"{BASE}/{sid}"), 404)
        missing = assert_problem(await bob.get(f"{BASE}/2147483000"), 404)
        assert theirs["type"] == missing["type"]

    async def test_managers_see_only_what_they_own(self, alice: Actor, actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await actor(Role.manager).get(f"{BASE}/{sid}"), 404)

    async def test_admin_sees_all(self, alice: Actor, actor) -> None:
        sid = (await alice.start_session())["id"]
        assert (await actor(Role.admin).get(f"{BASE}/{sid}")).status_code == 200

    async def test_id_out_of_range_is_422(self, alice: Actor) -> None:
        assert_problem(await alice.get(f"{BASE}/99999999999"), 422)


# Cursor payloads a client can forge; none of them is a position a page could have sent.
FORGED_CURSORS = [
    ["abc"],
    [1e20],
    [10**20],
    [True],
    [None],
    [[1]],
    ["2020-01-01", 5],
    [{"a": 1}],
]
FORGED_IDS = ["text", "float", "int8", "bool", "null", "nested", "pair", "object"]


def forge(values: list) -> str:
    """A cursor in the server's transport (base64url JSON) around any values."""
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def forge_raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


class TestListSessions:
    async def test_newest_first_and_only_mine(self, alice: Actor, bob: Actor) -> None:
        ids = [(await alice.start_session())["id"] for _ in range(3)]
        await bob.start_session()
        listed = (await alice.get(BASE)).json()
        assert [s["id"] for s in listed["data"]] == ids[::-1]
        assert listed["next_cursor"] is None
        assert "transcript" not in listed["data"][0]

    async def test_cursor_pagination_walks_every_page(self, alice: Actor) -> None:
        ids = [(await alice.start_session())["id"] for _ in range(5)]
        seen: list[int] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await alice.get(BASE, params=params)).json()
            seen += [s["id"] for s in page["data"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == ids[::-1]

    async def test_status_filter(self, alice: Actor) -> None:
        done = (await alice.start_session())["id"]
        active = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{done}/complete")
        completed = (await alice.get(BASE, params={"status": "completed"})).json()["data"]
        still = (await alice.get(BASE, params={"status": "active"})).json()["data"]
        assert [s["id"] for s in completed] == [done]
        assert [s["id"] for s in still] == [active]

    async def test_bad_filters_and_cursor(self, alice: Actor) -> None:
        assert_problem(await alice.get(BASE, params={"status": "paused"}), 422)
        assert_problem(await alice.get(BASE, params={"limit": 0}), 422)
        assert_problem(await alice.get(BASE, params={"group_id": "nope"}), 422)
        assert_problem(await alice.get(BASE, params={"cursor": "!!!"}), 400)

    @pytest.mark.parametrize("values", FORGED_CURSORS, ids=FORGED_IDS)
    async def test_forged_cursor_is_400(self, alice: Actor, values: list) -> None:
        await alice.start_session()
        assert_problem(await alice.get(BASE, params={"cursor": forge(values)}), 400)

    @pytest.mark.parametrize("raw", ["[NaN]", "[Infinity]", "[1e400]"])
    async def test_non_standard_json_in_a_cursor_is_400(self, alice: Actor, raw: str) -> None:
        assert_problem(await alice.get(BASE, params={"cursor": forge_raw(raw)}), 400)


class TestDeleteSession:
    async def test_owner_deletes(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.say(sid, "soon gone")
        assert (await alice.delete(f"{BASE}/{sid}")).status_code == 204
        assert_problem(await alice.get(f"{BASE}/{sid}"), 404)
        assert_problem(await alice.delete(f"{BASE}/{sid}"), 404)

    async def test_another_user_cannot_delete(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await bob.delete(f"{BASE}/{sid}"), 404)
        assert (await alice.get(f"{BASE}/{sid}")).status_code == 200
