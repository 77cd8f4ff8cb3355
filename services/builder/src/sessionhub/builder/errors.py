"""HTTP conditional-request errors of the builder (RFC 9110 §13, RFC 6585 §3)."""

from __future__ import annotations

from typing import Any

from sessionhub.common.errors import PROBLEM_JSON, AppError, BadRequest

_PROBLEM = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}

#: OpenAPI entries of the conditional-request answers, for the routes that give them.
CONDITIONAL_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "The draft is archived (or the operation conflicts).",
        "content": _PROBLEM,
    },
    412: {
        "description": "If-Match names an old revision; current_revision says which is current.",
        "content": _PROBLEM,
    },
    428: {"description": "If-Match is required.", "content": _PROBLEM},
}


class PreconditionFailed(AppError):
    status_code = 412
    code = "precondition-failed"

    def __init__(self, current_revision: int) -> None:
        super().__init__(
            f"The draft changed: it is at revision {current_revision}. Reload it (or merge your "
            "edits into it) and retry with that If-Match.",
            extra={"current_revision": current_revision},
            headers={"ETag": etag(current_revision)},
        )


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "unsupported-media-type"


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header; a body without one is taken as JSON."""
    return (content_type or "application/json").split(";", 1)[0].strip().lower()


def require_json(content_type: str | None) -> None:
    """Bodies read raw (to validate them strictly) still have to say they are JSON."""
    media = media_type(content_type)
    if media != "application/json" and not media.endswith("+json"):
        raise UnsupportedMediaType(
            "Send the body as application/json or application/merge-patch+json."
        )


class PreconditionRequired(AppError):
    status_code = 428
    code = "precondition-required"

    def __init__(self) -> None:
        super().__init__(
            "Send If-Match with the draft's ETag (its revision), so concurrent edits are "
            "never overwritten silently."
        )


def etag(revision: int) -> str:
    return f'"{revision}"'


def parse_if_match(value: str | None, *, required: bool) -> int | None:
    """The revision an If-Match names; None for ``*`` (or when absent and optional)."""
    if value is None or not value.strip():
        if required:
            raise PreconditionRequired
        return None
    raw = value.strip()
    if raw == "*":
        return None
    if raw.startswith("W/"):
        raw = raw[2:]
    raw = raw.strip('"')
    if not raw.isdigit() or len(raw) > 9:
        raise BadRequest(f'If-Match must be the draft\'s ETag (e.g. "3"), not {value!r}.')
    return int(raw)
