"""A scripted OpenAI-compatible HTTP server for tests and benchmarks.

Product code reaches it exactly like the real API (``base_url=server.url``), so tests
exercise the real SDK, real HTTP, timeouts and retries. The server runs uvicorn in its
own thread with its own event loop: it keeps answering even while the test's loop is
blocked (sync TestClient calls, ``time.sleep`` in code under test) and never touches
the test process's signal handlers.

    async with ScriptedLLMServer() as server:
        server.script(Fail(429, retry_after=0.2), Reply(content={"score": 3}))
        client = create_llm_client(api_key="test", base_url=server.url, timeout_s=1.0)
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import inspect
import itertools
import json
import logging
import math
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pydantic
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "Fail",
    "Hang",
    "Malformed",
    "RecordedRequest",
    "Refusal",
    "Reply",
    "Responder",
    "ScriptItem",
    "ScriptedLLMServer",
    "hashed_embedding",
]

_log = logging.getLogger(__name__)

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"


# --------------------------------------------------------------------------- script items


@dataclass(frozen=True)
class Reply:
    """A successful completion.

    ``content``: text, or any JSON-able value / Pydantic model (dumped to JSON) for
    structured outputs. ``tool_calls``: ``{"name", "arguments"}`` dicts (arguments may be
    a dict) or full OpenAI tool-call objects. ``chunks`` sets the exact streaming deltas
    (default: content split into words). ``delay_s`` delays the whole reply,
    ``chunk_delay_s`` each streamed delta. ``abort_after_chunks`` drops the connection
    mid-stream after that many content deltas, to test mid-stream failures.
    """

    content: Any = None
    tool_calls: Sequence[Mapping[str, Any]] | None = None
    delay_s: float = 0.0
    chunks: Sequence[str] | None = None
    chunk_delay_s: float = 0.0
    finish_reason: str | None = None
    abort_after_chunks: int | None = None


@dataclass(frozen=True)
class Fail:
    """An HTTP error in the OpenAI error format, optionally with ``Retry-After``.

    ``retry_after`` is sent verbatim (seconds, or an HTTP-date string); ``headers`` adds
    others, e.g. ``{"retry-after-ms": "150"}``; ``body`` replaces the error JSON.
    """

    status: int = 500
    retry_after: float | str | None = None
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Hang:
    """Send nothing for ``seconds`` (then a 504); for client timeouts.

    Released early when the server stops, so a hung request never delays teardown.
    """

    seconds: float = 3600.0


@dataclass(frozen=True)
class Malformed:
    """A 200 completion whose content is not valid JSON."""

    text: str = '{"truncated": tru'


@dataclass(frozen=True)
class Refusal:
    """A 200 completion carrying a model refusal instead of content."""

    text: str = "I'm sorry, I can't help with that."


ScriptItem = Reply | Fail | Hang | Malformed | Refusal
Responder = Callable[[dict[str, Any]], ScriptItem | Awaitable[ScriptItem]]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received (body already JSON-decoded)."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def hashed_embedding(text: str, dim: int = 64) -> list[float]:
    """Deterministic unit vector for ``text`` (feature hashing of words and bigrams).

    Unlike a plain digest, texts sharing words get a positive cosine similarity, which
    keeps retrieval tests meaningful.
    """
    tokens = re.findall(r"\w+", text.lower())
    features = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)] or [text]
    vector = [0.0] * dim
    for feature in features:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % dim
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _error_body(status: int, message: str) -> dict[str, Any]:
    kind = {
        429: ("rate_limit_exceeded", "requests"),
        400: ("invalid_request_error", None),
        401: ("invalid_request_error", "invalid_api_key"),
        404: ("invalid_request_error", "not_found"),
    }.get(status, ("server_error", None) if status >= 500 else ("invalid_request_error", None))
    return {"error": {"message": message, "type": kind[0], "param": None, "code": kind[1]}}


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


def _last_user_text(body: Mapping[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _text_of(message.get("content"))
    return ""


def _wants_structured(body: Mapping[str, Any]) -> bool:
    response_format = body.get("response_format")
    return isinstance(response_format, Mapping) and response_format.get("type") in (
        "json_schema",
        "json_object",
    )


def _default_responder(body: dict[str, Any]) -> ScriptItem:
    if _wants_structured(body):
        # A made-up "valid" object would let tests pass without scripting what they
        # assert on; fail loudly instead.
        return Fail(500, body=_error_body(500, "no scripted reply for structured output"))
    return Reply(content=f"echo: {_last_user_text(body)[:80]}")


def _dump_content(content: Any) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, pydantic.BaseModel):
        return content.model_dump_json()
    return json.dumps(content)


def _tool_call(index: int, spec: Mapping[str, Any]) -> dict[str, Any]:
    function = spec.get("function", spec)
    arguments = function.get("arguments", {})
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments)
    return {
        "id": spec.get("id", f"call_{index}"),
        "type": "function",
        "function": {"name": function["name"], "arguments": arguments},
    }


def _word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


@dataclass(frozen=True)
class _Answer:
    content: str | None
    refusal: str | None
    tool_calls: list[dict[str, Any]] | None
    chunks: list[str]
    finish_reason: str
    chunk_delay_s: float = 0.0
    abort_after_chunks: int | None = None


def _answer_for(item: Reply | Malformed | Refusal) -> _Answer:
    if isinstance(item, Malformed):
        return _Answer(item.text, None, None, re.findall(r"\S+\s*|\s+", item.text), "stop")
    if isinstance(item, Refusal):
        return _Answer(None, item.text, None, [], "stop")
    content = _dump_content(item.content)
    if content is None and item.chunks is not None:
        content = "".join(item.chunks)
    chunks = (
        list(item.chunks) if item.chunks is not None else re.findall(r"\S+\s*|\s+", content or "")
    )
    tool_calls = (
        [_tool_call(i, tc) for i, tc in enumerate(item.tool_calls)] if item.tool_calls else None
    )
    finish = item.finish_reason or ("tool_calls" if tool_calls else "stop")
    return _Answer(
        content, None, tool_calls, chunks, finish, item.chunk_delay_s, item.abort_after_chunks
    )


class _StreamAborted(Exception):
    """Raised inside a streaming body to make uvicorn drop the connection."""


class _Server(uvicorn.Server):
    """uvicorn server that reports readiness and is told to exit, instead of polling."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_started = on_started
        self.exit_event: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._on_started()

    async def main_loop(self) -> None:
        # uvicorn polls should_exit every 100 ms; tests start and stop many servers, so
        # wake on the event instead. One tick still sets the Date header.
        assert self.exit_event is not None
        if not await self.on_tick(0):
            await self.exit_event.wait()


def _resolve(fut: asyncio.Future[None], exc: BaseException | None = None) -> None:
    if fut.done():
        return
    if exc is None:
        fut.set_result(None)
    else:
        fut.set_exception(exc)


def _notify(loop: asyncio.AbstractEventLoop, fut: asyncio.Future[None]) -> None:
    # The waiting test may already be gone (loop closed); nothing to tell it then.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(_resolve, fut)


# --------------------------------------------------------------------------- server


class ScriptedLLMServer:
    """OpenAI-compatible server (chat completions, embeddings, models) driven by a script.

    Chat requests consume ``script()``-ed items in arrival order; when the script is
    empty ``responder`` (or the built-in echo responder) decides. Every request body is
    recorded. Attributes ``latency_s``, ``responder`` and ``embedding_dim`` may be
    changed at any time.
    """

    def __init__(
        self,
        *,
        latency_s: float = 0.0,
        embedding_dim: int = 64,
        models: Sequence[str] = ("test-model",),
        host: str = "127.0.0.1",
    ) -> None:
        self.latency_s = latency_s
        self.embedding_dim = embedding_dim
        self.models = tuple(models)
        self.responder: Responder | None = None
        self.responder_errors: list[BaseException] = []
        self._host = host
        self._port: int | None = None
        # Guards script, log and waiters: mutated from the server thread and the test.
        self._lock = threading.Lock()
        self._script: deque[ScriptItem] = deque()
        self._embedding_script: deque[Fail | Hang] = deque()
        self._log: list[RecordedRequest] = []
        self._waiters: list[
            tuple[Callable[[], bool], asyncio.AbstractEventLoop, asyncio.Future[None]]
        ] = []
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._server: _Server | None = None
        self._server_loop: asyncio.AbstractEventLoop | None = None
        self._closing: asyncio.Event | None = None
        self._stopped: asyncio.Future[None] | None = None

    # ----------------------------------------------------------------- public API

    @property
    def url(self) -> str:
        """Base URL for the OpenAI SDK, ending in ``/v1``."""
        if self._port is None:
            raise RuntimeError("server not started")
        return f"http://{self._host}:{self._port}/v1"

    def script(self, *items: ScriptItem) -> None:
        """Queue replies for the next chat-completion requests, in order."""
        with self._lock:
            self._script.extend(items)

    def fail_embeddings(self, *items: Fail | Hang) -> None:
        """Queue failures for the next embedding requests, in order; then vectors again."""
        with self._lock:
            self._embedding_script.extend(items)

    @property
    def pending(self) -> int:
        """Scripted items not consumed yet."""
        with self._lock:
            return len(self._script)

    @property
    def records(self) -> list[RecordedRequest]:
        """Snapshot of every request received (path, body, headers)."""
        with self._lock:
            return list(self._log)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Snapshot of every request body received (chat and embeddings), in order."""
        return [r.body for r in self.records]

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """Snapshot of chat-completion request bodies."""
        return [r.body for r in self.records if r.path == CHAT_PATH]

    @property
    def embedding_requests(self) -> list[dict[str, Any]]:
        """Snapshot of embedding request bodies."""
        return [r.body for r in self.records if r.path == EMBEDDINGS_PATH]

    def reset(self) -> None:
        """Forget script, recorded requests, responder and latency (server keeps running)."""
        with self._lock:
            self._script.clear()
            self._embedding_script.clear()
            self._log.clear()
        self.responder = None
        self.responder_errors.clear()
        self.latency_s = 0.0

    async def wait_for_requests(
        self, count: int, *, path: str | None = None, timeout_s: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until at least ``count`` requests (optionally to ``path``) have arrived.

        Returns their bodies. Lets tests synchronise with in-flight calls without sleeping.
        """

        def matching() -> list[RecordedRequest]:
            return [r for r in self._log if path is None or r.path == path]

        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        waiter = (lambda: len(matching()) >= count, loop, fut)
        with self._lock:
            if len(matching()) < count:
                self._waiters.append(waiter)
            else:
                fut.set_result(None)
        try:
            async with asyncio.timeout(timeout_s):
                await fut
        except TimeoutError:
            with self._lock:
                seen = len(matching())
            raise TimeoutError(f"expected {count} requests to {path or '*'}, got {seen}") from None
        finally:
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        with self._lock:
            return [r.body for r in matching()]

    async def start(self) -> None:
        """Bind an ephemeral port and start serving; returns once connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("server already started")
        # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets of
        # that protocol, and uvicorn sends headers and body in two writes, so with Nagle
        # on every reply on a kept-alive connection waited for the client's delayed ACK
        # (~40 ms on Linux).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind((self._host, 0))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app(),
            log_config=None,  # do not reconfigure the test process's logging
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        caller_loop = asyncio.get_running_loop()
        started: asyncio.Future[None] = caller_loop.create_future()
        self._stopped = caller_loop.create_future()
        stopped = self._stopped

        def on_started() -> None:
            caller_loop.call_soon_threadsafe(_resolve, started)

        self._server = _Server(config, on_started)
        server = self._server

        async def serve() -> None:
            self._server_loop = asyncio.get_running_loop()
            self._closing = asyncio.Event()
            server.exit_event = self._closing
            await server.serve(sockets=[sock])

        def run() -> None:
            error: BaseException | None = None
            try:
                asyncio.run(serve())
            except BaseException as exc:  # reported to the awaiting test, not swallowed
                error = exc
            finally:
                sock.close()
                startup_error = error or RuntimeError("LLM test server failed to start")
                # The caller's loop may already be closed if the test never stopped us.
                for fut, outcome in ((started, startup_error), (stopped, error)):
                    with contextlib.suppress(RuntimeError):
                        caller_loop.call_soon_threadsafe(_resolve, fut, outcome)

        self._thread = threading.Thread(target=run, name="scripted-llm-server", daemon=True)
        self._thread.start()
        await asyncio.wait_for(started, timeout=30)

    async def stop(self) -> None:
        """Release hung requests, shut uvicorn down and join its thread."""
        thread, loop, server = self._thread, self._server_loop, self._server
        if thread is None or server is None:
            return
        closing = self._closing

        def shutdown() -> None:
            if closing is not None:
                closing.set()
            server.should_exit = True

        if loop is not None and not loop.is_closed():
            # The loop may finish between the check and the call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(shutdown)
        if self._stopped is not None:
            await asyncio.wait_for(asyncio.shield(self._stopped), timeout=30)
        thread.join(timeout=5)
        self._thread = None
        self._server = None

    async def __aenter__(self) -> ScriptedLLMServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- internals

    def _app(self) -> ASGIApp:
        app = Starlette(
            routes=[
                Route(CHAT_PATH, self._chat_completions, methods=["POST"]),
                Route(EMBEDDINGS_PATH, self._embeddings, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

        async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
            # Returning mid-response makes uvicorn close the connection, which is the
            # point; letting it propagate would only add a traceback to test output.
            with contextlib.suppress(_StreamAborted):
                await app(scope, receive, send)

        return asgi

    def _record(self, request: Request, body: dict[str, Any], *, take: bool) -> ScriptItem | None:
        record = RecordedRequest(request.url.path, body, dict(request.headers))
        with self._lock:
            self._log.append(record)
            # Taken together with recording so request N gets script item N even when
            # requests race.
            item = self._script.popleft() if take and self._script else None
            ready = [(loop, fut) for check, loop, fut in self._waiters if check()]
        for loop, fut in ready:
            _notify(loop, fut)
        return item

    async def _pause(self, seconds: float) -> None:
        if seconds <= 0:
            return
        assert self._closing is not None
        # Sleeping on the closing event lets stop() cut every pause short.
        try:
            async with asyncio.timeout(seconds):
                await self._closing.wait()
        except TimeoutError:
            pass

    async def _decide(self, body: dict[str, Any]) -> ScriptItem:
        responder = self.responder or _default_responder
        try:
            result = responder(body)
            if inspect.isawaitable(result):
                result = await result
        except Exception as exc:
            _log.exception("scripted LLM responder raised")
            self.responder_errors.append(exc)
            return Fail(500, body=_error_body(500, f"responder raised: {exc!r}"))
        return result

    async def _read_json(self, request: Request) -> dict[str, Any] | Response:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse(_error_body(400, "body is not JSON"), status_code=400)
        if not isinstance(body, dict):
            return JSONResponse(_error_body(400, "body must be an object"), status_code=400)
        return body

    async def _chat_completions(self, request: Request) -> Response:
        body = await self._read_json(request)
        if isinstance(body, Response):
            return body
        item = self._record(request, body, take=True)
        await self._pause(self.latency_s)
        if item is None:
            item = await self._decide(body)

        if isinstance(item, Fail):
            headers = dict(item.headers or {})
            if item.retry_after is not None:
                headers["retry-after"] = str(item.retry_after)
            error = item.body or _error_body(item.status, f"scripted failure {item.status}")
            return JSONResponse(error, status_code=item.status, headers=headers)
        if isinstance(item, Hang):
            await self._pause(item.seconds)
            return JSONResponse(_error_body(504, "scripted hang elapsed"), status_code=504)
        if isinstance(item, Reply):
            await self._pause(item.delay_s)

        answer = _answer_for(item)
        completion_id = f"chatcmpl-scripted-{next(self._ids)}"
        model = str(body.get("model", "test-model"))
        if body.get("stream"):
            return StreamingResponse(
                self._stream(answer, body, completion_id, model),
                media_type="text/event-stream",
                headers={"cache-control": "no-cache"},
            )
        message: dict[str, Any] = {
            "role": "assistant",
            "content": answer.content,
            "refusal": answer.refusal,
        }
        if answer.tool_calls:
            message["tool_calls"] = answer.tool_calls
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "system_fingerprint": "fp_scripted",
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "logprobs": None,
                        "finish_reason": answer.finish_reason,
                    }
                ],
                "usage": self._usage(body, answer.content),
            }
        )

    def _usage(self, body: Mapping[str, Any], content: str | None) -> dict[str, int]:
        prompt = sum(
            _word_count(_text_of(m.get("content")))
            for m in body.get("messages") or []
            if isinstance(m, Mapping)
        )
        completion = _word_count(content)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    async def _stream(
        self, answer: _Answer, body: Mapping[str, Any], completion_id: str, model: str
    ) -> AsyncIterator[str]:
        created = int(time.time())

        def event(choices: list[dict[str, Any]], **extra: Any) -> str:
            chunk = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_scripted",
                "choices": choices,
                **extra,
            }
            return f"data: {json.dumps(chunk)}\n\n"

        def delta(payload: dict[str, Any], finish: str | None = None) -> str:
            return event(
                [{"index": 0, "delta": payload, "logprobs": None, "finish_reason": finish}]
            )

        yield delta({"role": "assistant", "content": ""})
        if answer.refusal is not None:
            yield delta({"refusal": answer.refusal})
        for sent, piece in enumerate(answer.chunks):
            if answer.abort_after_chunks is not None and sent >= answer.abort_after_chunks:
                raise _StreamAborted("scripted mid-stream abort")
            await self._pause(answer.chunk_delay_s)
            yield delta({"content": piece})
        for index, call in enumerate(answer.tool_calls or []):
            yield delta({"tool_calls": [{"index": index, **call}]})
        yield delta({}, answer.finish_reason)
        stream_options = body.get("stream_options")
        if isinstance(stream_options, Mapping) and stream_options.get("include_usage"):
            yield event([], usage=self._usage(body, answer.content))
        yield "data: [DONE]\n\n"

    async def _embeddings(self, request: Request) -> Response:
        body = await self._read_json(request)
        if isinstance(body, Response):
            return body
        self._record(request, body, take=False)
        with self._lock:
            failure = self._embedding_script.popleft() if self._embedding_script else None
        await self._pause(self.latency_s)
        if isinstance(failure, Hang):
            await self._pause(failure.seconds)
            return JSONResponse(_error_body(504, "scripted hang elapsed"), status_code=504)
        if isinstance(failure, Fail):
            headers = dict(failure.headers or {})
            if failure.retry_after is not None:
                headers["retry-after"] = str(failure.retry_after)
            error = failure.body or _error_body(
                failure.status, f"scripted failure {failure.status}"
            )
            return JSONResponse(error, status_code=failure.status, headers=headers)
        raw = body.get("input")
        if isinstance(raw, str) or (isinstance(raw, list) and raw and isinstance(raw[0], int)):
            raw = [raw]  # a single string, or a single token array
        if not isinstance(raw, list) or not raw:
            return JSONResponse(_error_body(400, "'input' must be non-empty"), status_code=400)
        texts = [item if isinstance(item, str) else json.dumps(item) for item in raw]
        dim = int(body.get("dimensions") or self.embedding_dim)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, text in enumerate(texts):
            vector = hashed_embedding(text, dim)
            embedding: list[float] | str = (
                base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode() if as_base64 else vector
            )
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        tokens = sum(_word_count(t) for t in texts)
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": str(body.get("model", "test-embedding")),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def _models(self, request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 0, "owned_by": "sessionhub-test"}
                    for m in self.models
                ],
            }
        )
