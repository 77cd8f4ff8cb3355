"""Every service's OpenAPI document passes openapi-spec-validator and says what the
server really sends: problems as application/problem+json, streams as text/event-stream,
the Location of what a 201 created."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from sessionhub.common import openapi
from sessionhub.common.app import create_app
from sessionhub.common.errors import PROBLEM_JSON
from sessionhub.common.service import ServiceSpec, load_specs
from sessionhub.testing.plugin import isolated_settings

SPECS = load_specs()


def document(specs: list[ServiceSpec]) -> dict[str, Any]:
    return create_app(isolated_settings(), specs, consumers=False).openapi()


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, ops in doc["paths"].items()
        for method, operation in ops.items()
    ]


@pytest.fixture(
    scope="module",
    params=[[spec] for spec in SPECS] + [SPECS],
    ids=[spec.name for spec in SPECS] + ["all"],
)
def doc(request: pytest.FixtureRequest) -> dict[str, Any]:
    return document(request.param)


class TestOpenAPIDocument:
    def test_passes_openapi_spec_validator(self, doc: dict[str, Any]) -> None:
        validate(doc)

    def test_validator_catches_a_broken_document(self, doc: dict[str, Any]) -> None:
        broken = {**doc, "paths": {"/x": {"get": {"responses": {"200": {"content": 1}}}}}}
        with pytest.raises(OpenAPIValidationError):
            validate(broken)

    def test_every_problem_is_problem_json(self, doc: dict[str, Any]) -> None:
        assert "HTTPValidationError" not in doc["components"]["schemas"]
        for method, path, operation in operations(doc):
            for code, response in operation["responses"].items():
                if code == "default" or code[0] in "45":
                    assert list(response["content"]) == [PROBLEM_JSON], (method, path, code)
            assert "500" in operation["responses"], (method, path)
            assert "default" in operation["responses"], (method, path)

    def test_problem_responses_follow_the_operation(self, doc: dict[str, Any]) -> None:
        for method, path, operation in operations(doc):
            codes = set(operation["responses"])
            if operation.get("security"):
                assert "401" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "415", "422"} <= codes, (method, path)

    def test_created_documents_location_and_streams_are_typed(self, doc: dict[str, Any]) -> None:
        for method, path, operation in operations(doc):
            for code, response in operation["responses"].items():
                if code == "201":
                    assert response["headers"]["Location"]["required"], (method, path)
                stream = response.get("content", {}).get("text/event-stream")
                if stream is not None:
                    # one event, as validators read a stream's schema before OpenAPI 3.2
                    event = stream["schema"]
                    assert event["type"] == "object", (method, path)
                    assert set(event["required"]) == {"event", "data"}, (method, path)
                if code.startswith("2") and code != "204" and method != "HEAD":
                    assert response.get("content"), (method, path, code)


def test_routeless_services_are_not_advertised() -> None:
    routeless = [spec for spec in SPECS if spec.router is None and spec.description]
    doc = document(SPECS)
    for spec in routeless:
        assert spec.description not in doc["info"]["description"], spec.name


def test_a_route_keeps_its_own_problem_description() -> None:
    app = FastAPI()

    @app.get("/notes/{note_id}", responses={404: {"description": "No such note."}})
    async def get_note(note_id: int) -> dict[str, int]:
        return {"id": note_id}

    responses = openapi.document(app)["paths"]["/notes/{note_id}"]["get"]["responses"]
    assert responses["404"]["description"] == "No such note."
    assert list(responses["404"]["content"]) == [PROBLEM_JSON]
    assert responses["422"]["content"][PROBLEM_JSON]["schema"] == openapi.VALIDATION_REF
