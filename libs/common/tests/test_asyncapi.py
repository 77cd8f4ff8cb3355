"""The AsyncAPI document is generated from the registry and committed in sync."""

from __future__ import annotations

from pathlib import Path

import yaml

from sessionhub.common import asyncapi
from sessionhub.common.events.registry import catalog_events

DOC = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"


class TestAsyncAPI:
    def test_every_event_has_a_channel_message_and_schema(self) -> None:
        doc = asyncapi.build()
        assert doc["asyncapi"] == "3.0.0"
        for cls in catalog_events():
            channel = doc["channels"][cls.event_type]
            assert cls.__name__ in channel["messages"]
            assert cls.__name__ in doc["components"]["schemas"]
            message = doc["components"]["messages"][cls.__name__]
            assert message["title"] == f"{cls.event_type} v{cls.event_version}"

    def test_refs_resolve(self) -> None:
        doc = asyncapi.build()
        text = yaml.safe_dump(doc)
        for line in text.splitlines():
            if "$ref: '#/components/schemas/" in line or "$ref: '#/components/messages/" in line:
                path = line.split("'#/")[1].rstrip("'").split("/")
                node = doc
                for part in path:
                    node = node[part]

    def test_catalogue_holds_the_architecture_events(self) -> None:
        types = {cls.event_type for cls in catalog_events()}
        assert {"session.completed", "session.graded", "chat.message.posted"} <= types

    def test_committed_document_is_current(self) -> None:
        assert DOC.exists(), "run `make asyncapi`"
        assert DOC.read_text() == asyncapi.render_yaml(), (
            "docs/asyncapi.yaml is stale: run `make asyncapi`"
        )
