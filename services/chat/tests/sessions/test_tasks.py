"""Background work: the sweeper of expired sessions."""

from __future__ import annotations

import pytest

from sessionhub.testing.plugin import wait_until

from ..conftest import AppFactory


class TestExpiredSessions:
    async def test_expired_session_answers_404_and_is_swept(
        self, chat_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_SWEEP_INTERVAL_S", "0.2")
        async with chat_app() as api:
            session = await api.create(ttl_seconds=1)
            await api.say(session["id"], "Short-lived.", respond=False)
            await api.wait_stored(session["id"], 1)

            async def gone() -> bool:
                response = await api.client.get(
                    f"/api/chat/sessions/{session['id']}", headers=api.headers()
                )
                return response.status_code == 404

            await wait_until(gone, timeout_s=10, message="the session to expire")

            async def swept() -> bool:
                return await api.stored(session["id"]) == []

            await wait_until(swept, timeout_s=10, message="the sweeper to delete it")
