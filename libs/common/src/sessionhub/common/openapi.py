"""The OpenAPI document as the server really answers.

FastAPI documents every 422 as its own ``HTTPValidationError`` and nothing else; the
server answers every error as RFC 9457 ``application/problem+json`` (errors.py). This
module rewrites each operation's responses from what the shared app does for it:
401 when it needs a token, 404 when it has path parameters, 400/413/415 when it takes a
JSON body, 422 when it has anything to validate, 500 always, and ``default`` for the
domain problems a route raises (409, 403, 429, 503...). Event streams are typed
``text/event-stream`` and a 201 documents its ``Location``.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI, routing
from fastapi.openapi.utils import get_openapi
from sse_starlette import EventSourceResponse

from sessionhub.common.errors import PROBLEM_JSON

EVENT_STREAM = "text/event-stream"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
VALIDATION_REF = {"$ref": "#/components/schemas/ValidationProblem"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {
            "type": "string",
            "description": "A URI naming the problem (`about:blank` when only the status says it).",
        },
        "title": {"type": "string", "description": "The status code's phrase."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What happened and what to fix."},
        "instance": {"type": "string", "description": "The request path."},
    },
    # Problems carry extension members (``errors``, ``retry_after``, ``checks``...).
    "additionalProperties": True,
}
VALIDATION_PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "ValidationProblem",
    "description": "A problem; request validation lists each invalid field in `errors`.",
    "allOf": [
        PROBLEM_REF,
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {
                                "type": "string",
                                "description": "Dotted location, e.g. `body.title`.",
                            },
                            "message": {"type": "string"},
                            "type": {"type": ["string", "null"]},
                        },
                    },
                }
            },
        },
    ],
}

_PROBLEMS: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("Malformed request (for example a body that is not JSON).", PROBLEM_REF),
    "401": ("Missing, expired or invalid bearer token.", PROBLEM_REF),
    "404": ("The resource does not exist or is not visible to the caller.", PROBLEM_REF),
    "413": ("The request body is over the size limit.", PROBLEM_REF),
    "415": ("The request body is not `application/json`.", PROBLEM_REF),
    "422": ("Invalid fields, each named in `errors`.", VALIDATION_REF),
    "500": ("An unexpected error; nothing internal is disclosed.", PROBLEM_REF),
    "default": ("Any other problem the operation reports (409, 403, 429, 503...).", PROBLEM_REF),
}
_LOCATION = {
    "description": "The URL of the created resource.",
    "required": True,
    "schema": {"type": "string", "format": "uri-reference"},
}
# OpenAPI 3.1 has no schema for the items of a stream (3.2 adds `itemSchema`): a stream's
# `schema` describes one event, as validators (schemathesis) read the stream.
_STREAM_SCHEMA = {
    "type": "object",
    "description": "One Server-Sent Event: a named `event` whose `data` is JSON, with the "
    "`id` a client resumes from (`Last-Event-ID`) where the stream can resume. Every "
    "stream starts with a `retry` block.",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string"},
        "data": {"type": "string", "contentMediaType": "application/json"},
        "id": {"type": "string"},
        "retry": {"type": "integer", "minimum": 0},
    },
}


def _problem(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


def _problem_codes(operation: dict[str, Any]) -> list[str]:
    places = {p.get("in") for p in operation.get("parameters", [])}
    body = "requestBody" in operation
    codes = []
    if body:
        codes += ["400", "413", "415"]
    if operation.get("security"):
        codes.append("401")
    if "path" in places:
        codes.append("404")
    if body or places:
        codes.append("422")
    return [*codes, "500", "default"]


def _document_operation(operation: dict[str, Any], response_class: Any) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    streams = isinstance(response_class, type) and issubclass(response_class, EventSourceResponse)
    for code, response in responses.items():
        content = response.get("content", {})
        if streams and code.startswith("2"):
            response["content"] = content = {EVENT_STREAM: {}}
        if EVENT_STREAM in content:
            content[EVENT_STREAM] = {"schema": _STREAM_SCHEMA}
        if code == "201":
            response.setdefault("headers", {})["Location"] = _LOCATION
    for code in _problem_codes(operation):
        # A route's own description of a problem wins; its schema is always the problem.
        described = responses.get(code, {}).get("description")
        description, schema = _PROBLEMS[code]
        if code == "422" or not described or described == "Validation Error":
            responses[code] = _problem(description, schema)
        else:
            responses[code] = _problem(described, schema)
    operation["responses"] = dict(sorted(responses.items(), key=lambda kv: kv[0]))


def document(app: FastAPI) -> dict[str, Any]:
    doc = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=app.description,
        routes=app.routes,
    )
    # Included routers nest their routes; FastAPI's own iterator flattens them.
    response_classes = {
        (context.path_format, method.lower()): context.response_class
        for context in routing.iter_route_contexts(app.routes)
        if isinstance(context.original_route, routing.APIRoute)
        for method in context.methods or ()
    }
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            _document_operation(operation, response_classes.get((path, method)))
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    schemas["ValidationProblem"] = copy.deepcopy(VALIDATION_PROBLEM_SCHEMA)
    return doc


def install(app: FastAPI) -> None:
    """Serve :func:`document` at ``/openapi.json`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
