"""The ASGI guard every request passes before routing: nothing reaches a handler unchecked.

- every header must be UTF-8 (400 before authentication, naming the header);
- the path and every query parameter must be UTF-8 text PostgreSQL can store
  (422 naming the parameter);
- the body is counted as it streams in, so ``Transfer-Encoding: chunked`` cannot walk
  around the limit (413). A route with a lower limit declares it with FastAPI's own
  ``max_body_size=`` (``@router.post(..., max_body_size=256 * 1024)``), which counts
  the replayed body the same way and answers the same 413 problem;
- a JSON body nested past :data:`MAX_JSON_DEPTH` is refused before it is parsed, and
  one whose keys or strings hold NUL or lone surrogates is refused with a 422 naming
  the JSON path.

The body is buffered here (FastAPI would buffer it anyway) and replayed to the app.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sessionhub.common.errors import payload_too_large, problem
from sessionhub.common.text import (
    dotted,
    find_unstorable,
    json_too_deep,
    needs_text_check,
    unstorable_reason,
)

#: Nesting allowed in a whole request body (``SafeJson`` fields allow less).
MAX_JSON_DEPTH = 64


class _Refused(Exception):
    def __init__(self, response: Any) -> None:
        self.response = response


def _validation(field: str, message: str, type_: str, path: str) -> Any:
    """The shape of FastAPI's own 422 validation problems (see ``errors.py``)."""
    return problem(
        422,
        f"The request has invalid fields: {field}.",
        code="validation-error",
        instance=path,
        extra={"errors": [{"field": field, "message": message, "type": type_}]},
    )


def _malformed_json(detail: str, path: str) -> Any:
    return problem(400, detail, code="malformed-json", instance=path)


def _is_json(content_type: bytes | None) -> bool:
    # FastAPI parses a body without a content type as JSON too.
    if not content_type:
        return True
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


def _check_query(query: bytes, path: str) -> Any | None:
    for pair in query.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(raw_name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(raw_value.replace(b"+", b" "))
        name = name_bytes.decode("utf-8", "replace")
        for part in (name_bytes, value_bytes):
            try:
                text = part.decode("utf-8")
            except UnicodeDecodeError:
                return _validation(
                    f"query.{name}", "The value is not valid UTF-8.", "unicode_error", path
                )
            reason = unstorable_reason(text)
            if reason is not None:
                return _validation(f"query.{name}", f"The value {reason}.", "unstorable_text", path)
    return None


class BoundaryGuard:
    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            receive = await self._check(scope, receive)
        except _Refused as refused:
            await refused.response(scope, receive, send)
            return
        await self.app(scope, receive, _problem_for_plain_413(scope, receive, send))

    async def _check(self, scope: Scope, receive: Receive) -> Receive:
        path: str = scope["path"]
        content_type: bytes | None = None
        declared: bytes | None = None
        chunked = False
        for name, value in scope["headers"]:
            if not value.isascii():
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    header = name.decode("latin-1")
                    raise _Refused(
                        problem(
                            400,
                            f"The {header} header is not valid UTF-8.",
                            code="invalid-header",
                            instance=path.encode("utf-8", "replace").decode(),
                            extra={"header": header},
                        )
                    ) from None
            if name == b"content-type":
                content_type = value
            elif name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        # Responses are only built for refusals: the happy path allocates none.
        safe_path = path if path.isascii() else path.encode("utf-8", "replace").decode()
        reason = unstorable_reason(path)
        if reason is not None:
            raise _Refused(_validation("path", f"The path {reason}.", "unstorable_text", safe_path))
        query: bytes = scope.get("query_string", b"")
        if query:
            refused = _check_query(query, safe_path)
            if refused is not None:
                raise _Refused(refused)
        if declared is None and not chunked:
            return receive
        limit = self.max_body
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _Refused(payload_too_large(limit, safe_path))
        body = await self._read(receive, limit, safe_path)
        if body and _is_json(content_type):
            self._check_json(body, safe_path)
        return _replay(body, receive)

    @staticmethod
    async def _read(receive: Receive, limit: int, path: str) -> bytes:
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            body: bytes = message.get("body", b"")
            if len(body) > limit:
                raise _Refused(payload_too_large(limit, path))
            return body  # the usual case: the whole body in one message, nothing to join
        chunks: list[bytes] = []
        received = 0
        while True:
            if message["type"] != "http.request":
                # The client went away mid-body: nobody is left to answer.
                raise _Refused(payload_too_large(limit, path))
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                raise _Refused(payload_too_large(limit, path))
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
            message = await receive()

    @staticmethod
    def _check_json(body: bytes, path: str) -> None:
        if json_too_deep(body, MAX_JSON_DEPTH):
            raise _Refused(
                _malformed_json(f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.", path)
            )
        if not needs_text_check(body):
            return
        try:
            text = body.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise _Refused(_malformed_json("The request body is not valid UTF-8.", path)) from None
        try:
            value = json.loads(text)
        except ValueError:
            return  # malformed JSON: FastAPI answers it with its own 400 problem
        found = find_unstorable(value)
        if found is not None:
            where, reason = found
            raise _Refused(
                _validation(
                    dotted(("body", *where)), f"The value {reason}.", "unstorable_text", path
                )
            )


def _problem_for_plain_413(scope: Scope, receive: Receive, send: Send) -> Send:
    """Starlette answers a declared length over a route's ``max_body_size`` in plain
    text, past every exception handler; give the client the same problem as ever."""
    swallowing = False

    async def patched(message: Message) -> None:
        nonlocal swallowing
        if message["type"] == "http.response.start" and message["status"] == 413:
            headers = dict(message.get("headers", []))
            if headers.get(b"content-type", b"").startswith(b"text/plain"):
                swallowing = True
                limit = scope.get(MAX_BODY_SIZE_SCOPE_KEY)
                await payload_too_large(limit, scope.get("path"))(scope, receive, send)
                return
        if swallowing:
            return
        await send(message)

    return patched


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # Later calls wait for the disconnect, as with the real channel (SSE relies on it).
        return await receive()

    return replay
