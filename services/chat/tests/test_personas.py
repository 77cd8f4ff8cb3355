"""Personas: the shipped catalogue, its API, and helper-supplied additions."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import AppFactory, ChatApi


class TestPersonaCatalogue:
    async def test_lists_the_shipped_personas_with_prompts_and_model_parameters(
        self, api: ChatApi
    ) -> None:
        response = await api.client.get("/api/chat/personas", headers=api.headers())
        assert response.status_code == 200
        personas = {p["id"]: p for p in response.json()["data"]}
        assert {"default", "mental_health_nurse", "technical_support", "creative_writer"} <= set(
            personas
        )
        nurse = personas["mental_health_nurse"]
        assert nurse["name"] == "Mental Health Nurse"
        assert nurse["description"]
        assert nurse["system_prompt"]
        assert nurse["model"]["temperature"] == 0.6
        assert [t["name"] for t in personas["technical_support"]["tools"]] == [
            "search_knowledge_base",
            "create_ticket",
        ]

    async def test_unknown_persona_is_a_422_naming_the_valid_ones(self, api: ChatApi) -> None:
        response = await api.client.post(
            "/api/chat/sessions", json={"persona": "pirate"}, headers=api.headers()
        )
        assert response.status_code == 422
        problem = response.json()
        assert "pirate" in problem["detail"]
        assert "mental_health_nurse" in problem["detail"]
        assert "default" in problem["valid_personas"]


class TestHelperPersonas:
    async def test_a_personas_file_adds_to_the_catalogue(
        self, chat_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        extra = tmp_path / "helpers.yaml"
        extra.write_text(
            "sales_coach:\n"
            "  name: Sales Coach\n"
            "  description: Practises discovery calls.\n"
            "  system_prompt: You coach sales reps.\n"
        )
        monkeypatch.setenv("SESSIONHUB_CHAT_PERSONAS_FILE", str(extra))
        async with chat_app() as api:
            session = await api.create(persona="sales_coach", helper="sales")
            assert session["persona"] == "sales_coach"
            listed = await api.client.get("/api/chat/personas", headers=api.headers())
            assert "sales_coach" in {p["id"] for p in listed.json()["data"]}
