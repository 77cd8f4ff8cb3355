"""Chat search: titles and messages of the caller, with snippets."""

from __future__ import annotations

from ..conftest import ChatApi


class TestSearch:
    async def test_finds_titles_and_messages_with_snippets(self, api: ChatApi) -> None:
        garden = await api.create(title="Gardening plans")
        other = await api.create(title="Taxes")
        await api.say(garden["id"], "Which tomatoes grow well on a sunny balcony?", respond=False)
        await api.say(other["id"], "When is the filing deadline?", respond=False)
        await api.wait_stored(garden["id"], 1)
        await api.wait_stored(other["id"], 1)

        async def search(q: str) -> list[dict[str, object]]:
            response = await api.client.get(
                "/api/chat/search", params={"q": q}, headers=api.headers()
            )
            assert response.status_code == 200, response.text
            return list(response.json()["data"])

        hits = await search("tomato")
        assert len(hits) == 1
        assert hits[0]["kind"] == "message"
        assert hits[0]["session_id"] == garden["id"]
        assert "<mark>tomatoes</mark>" in str(hits[0]["snippet"])
        titles = await search("gardening")
        assert [(h["kind"], h["session_id"]) for h in titles] == [("title", garden["id"])]
        assert await search("volcano") == []

    async def test_stop_words_alone_find_nothing(self, api: ChatApi) -> None:
        session = await api.create(title="The plan")
        await api.say(session["id"], "the and of", respond=False)
        await api.wait_stored(session["id"], 1)
        response = await api.client.get(
            "/api/chat/search", params={"q": "the"}, headers=api.headers()
        )
        assert response.status_code == 200
        assert response.json() == {"data": [], "next_cursor": None}
