"""LLM access shared by the services: client factory, retry policy, structured outputs,
streaming, and the LLM-with-offline-fallback provider pattern.

Every AI feature has two implementations: one backed by an OpenAI-compatible API and a
deterministic offline one. Callers only ever see ``LLMError`` subclasses from this module,
never raw SDK exceptions, so the fallback decision lives in one place (``DualProvider``).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import importlib
import math
import re
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar, cast

import anyio.lowlevel
import openai
import pydantic
import structlog
import tenacity
from openai import AsyncOpenAI, AsyncStream
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

__all__ = [
    "DualProvider",
    "LLMError",
    "LLMOutputError",
    "LLMRequestError",
    "LLMUnavailableError",
    "ProviderResult",
    "RetryPolicy",
    "call_with_retries",
    "chat_text",
    "create_llm_client",
    "is_transient",
    "response_format_for",
    "retry_after_s",
    "retrying",
    "stream_chat",
    "structured_completion",
    "to_llm_error",
]

log = structlog.get_logger(__name__)

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
In = TypeVar("In")
Out = TypeVar("Out")

Messages = Sequence[Mapping[str, Any]]

# Only used when talking to a self-hosted OpenAI-compatible server that ignores auth;
# the SDK refuses to build a client without some key.
_PLACEHOLDER_API_KEY = "sk-unused"


# --------------------------------------------------------------------------- errors


class LLMError(Exception):
    """Base for every failure surfaced by this module.

    ``reason`` is a short machine-friendly token (used in logs, metrics and
    ``ProviderResult.fallback_reason``); the message is for humans.
    """

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(message or reason)
        self.reason = reason


class LLMUnavailableError(LLMError):
    """The API could not produce an answer in time (transient failures, retries exhausted).

    Reasons: ``timeout``, ``connection``, ``rate_limited``, ``server_error``, ``api_error``.
    """


class LLMRequestError(LLMError):
    """The API rejected the request itself (4xx other than 429); retrying cannot help.

    Reasons: ``bad_request``, ``auth``, ``not_found``, ``unprocessable``, ``http_<status>``.
    """


class LLMOutputError(LLMError):
    """The API answered but the answer is unusable.

    Reasons: ``invalid_json``, ``schema_mismatch``, ``refusal``, ``truncated``,
    ``content_filter``, ``empty``.
    """


_CLIENT_ERROR_REASONS = {400: "bad_request", 401: "auth", 403: "auth", 404: "not_found"}


def _reason_for(exc: BaseException) -> str:
    # APITimeoutError subclasses APIConnectionError, so it must be checked first.
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return "rate_limited"
        if status >= 500:
            return "server_error"
        if status == 422:
            return "unprocessable"
        return _CLIENT_ERROR_REASONS.get(status, f"http_{status}")
    return "api_error"


def to_llm_error(exc: BaseException) -> LLMError:
    """Translate an SDK (or deadline) exception into the matching ``LLMError``.

    ``LLMError`` instances are returned unchanged. The caller is expected to chain:
    ``raise to_llm_error(exc) from exc``.
    """
    if isinstance(exc, LLMError):
        return exc
    reason = _reason_for(exc)
    message = f"{reason}: {exc}"
    if isinstance(exc, openai.APIStatusError) and not is_transient(exc):
        return LLMRequestError(reason, message)
    return LLMUnavailableError(reason, message)


# --------------------------------------------------------------------------- client


def create_llm_client(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout_s: float,
    max_retries: int = 0,
) -> AsyncOpenAI | None:
    """Build the async OpenAI client, or return None when no LLM is configured.

    None means "run the offline providers". SDK-level retries default to 0 because
    retries are done by ``call_with_retries`` with a total time budget; stacking both
    would multiply attempts and blow through the budget.
    """
    if not api_key and not base_url:
        return None
    return AsyncOpenAI(
        api_key=api_key or _PLACEHOLDER_API_KEY,
        base_url=base_url or None,
        timeout=timeout_s,
        max_retries=max_retries,
    )


async def warm_up(client: AsyncOpenAI, *, embeddings: bool = False) -> None:
    """Load now what the SDK would load inside its first requests.

    Its resources and its HTTP stack's anyio backend are imported on first use, in the
    event loop: a fresh worker (a replica just scaled out) would stall every delivery
    it holds for that long, hundreds of ms on a busy host, just as it joins to take
    load. ``embeddings``: numpy too, which the SDK decodes embeddings with when it is
    installed; a third of a second of CPU, so only for a process that embeds. No
    request is sent: nothing is spent and nothing can fail.
    """
    _ = client.chat.completions, client.embeddings
    await anyio.lowlevel.checkpoint()
    if embeddings:
        with contextlib.suppress(ImportError):
            importlib.import_module("numpy")


# --------------------------------------------------------------------------- retries


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for retrying transient LLM failures: attempts AND total wall time."""

    attempts: int = 3
    total_timeout_s: float = 20.0
    base_delay_s: float = 0.2
    max_delay_s: float = 5.0


def is_transient(exc: BaseException) -> bool:
    """True for failures worth retrying: connection problems, timeouts, 429 and 5xx."""
    if isinstance(exc, openai.APIConnectionError | TimeoutError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return False


def retry_after_s(exc: BaseException) -> float | None:
    """Server-requested delay in seconds from ``retry-after-ms`` / ``Retry-After``, if any.

    ``Retry-After`` may be delta-seconds (floats tolerated, as OpenAI sends them) or an
    HTTP date. Returns None when absent or unparseable; never negative.
    """
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is None:
            continue
        try:
            delay = float(value) / divisor
        except ValueError:
            continue
        if math.isfinite(delay):
            return max(delay, 0.0)
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _make_wait(policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], float]:
    backoff = tenacity.wait_exponential_jitter(
        multiplier=policy.base_delay_s, max=policy.max_delay_s, jitter=policy.base_delay_s
    )

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        server_delay = retry_after_s(exc) if exc is not None else None
        # The server knows its own recovery time better than our backoff curve does,
        # so its hint wins even above max_delay_s; only the total budget caps it.
        delay = server_delay if server_delay is not None else backoff(state)
        remaining = policy.total_timeout_s - (state.seconds_since_start or 0.0)
        return max(min(delay, remaining), 0.0)

    return wait


def _log_retry(state: tenacity.RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome is not None else None
    log.warning(
        "llm.retry",
        attempt=state.attempt_number,
        reason=_reason_for(exc) if exc is not None else None,
        sleep_s=round(state.upcoming_sleep, 3),
    )


def retrying(policy: RetryPolicy) -> tenacity.AsyncRetrying:
    """Tenacity controller that retries transient errors within ``policy``.

    Stops after ``policy.attempts`` or when the next sleep would end past
    ``policy.total_timeout_s`` (``stop_before_delay``: sleeping into a spent budget
    only delays the inevitable failure). The last exception is re-raised as is.
    """
    return tenacity.AsyncRetrying(
        retry=tenacity.retry_if_exception(is_transient),
        stop=tenacity.stop_after_attempt(policy.attempts)
        | tenacity.stop_before_delay(policy.total_timeout_s),
        wait=_make_wait(policy),
        before_sleep=_log_retry,
        reraise=True,
    )


async def call_with_retries(policy: RetryPolicy, fn: Callable[[], Awaitable[T]]) -> T:
    """Await ``fn()`` with transient-error retries; raise ``LLMError`` on failure.

    Each attempt is also cut off at the policy's overall deadline, so a slow attempt
    cannot outlive the total budget even when the client timeout is longer.
    Non-LLM exceptions from ``fn`` (bugs) propagate untouched.
    """
    deadline = time.monotonic() + policy.total_timeout_s

    async def attempt() -> T:
        async with asyncio.timeout(max(deadline - time.monotonic(), 0.0)):
            return await fn()

    try:
        return cast(T, await retrying(policy)(attempt))
    except (openai.OpenAIError, TimeoutError) as exc:
        raise to_llm_error(exc) from exc


# --------------------------------------------------------------------------- chat


def _messages(messages: Messages) -> Iterable[ChatCompletionMessageParam]:
    # Callers build plain dicts; the SDK's TypedDict union is too narrow to infer.
    return cast(Iterable[ChatCompletionMessageParam], list(messages))


def _schema_name(name: str) -> str:
    # The API only accepts ^[a-zA-Z0-9_-]{1,64}$ here.
    return re.sub(r"[^a-zA-Z0-9_-]", "_", name)[:64] or "output"


@lru_cache(maxsize=256)
def _strict_schema(schema: type[pydantic.BaseModel]) -> dict[str, Any]:
    return to_strict_json_schema(schema)


def response_format_for(
    schema: type[pydantic.BaseModel], name: str | None = None
) -> ResponseFormatJSONSchema:
    """``response_format`` for strict Structured Outputs built from a Pydantic model.

    Uses the SDK's own strictifier (the one behind ``chat.completions.parse``): every
    object gets ``additionalProperties: false`` and all properties required; ``$defs`` are
    kept and ``$ref``s with sibling keys are inlined.
    """
    return {
        "type": "json_schema",
        "json_schema": {
            "name": _schema_name(name or schema.__name__),
            "strict": True,
            "schema": _strict_schema(schema),
        },
    }


def _parse_structured(completion: ChatCompletion, schema: type[ModelT]) -> ModelT:
    if not completion.choices:
        raise LLMOutputError("empty", "completion has no choices")
    choice = completion.choices[0]
    message = choice.message
    if message.refusal:
        raise LLMOutputError("refusal", f"model refused: {message.refusal[:200]}")
    if choice.finish_reason == "content_filter":
        raise LLMOutputError("content_filter", "completion stopped by content filter")
    if choice.finish_reason == "length":
        # A cut-off JSON document is never valid; name the real cause.
        raise LLMOutputError("truncated", "completion hit the token limit")
    if not message.content:
        raise LLMOutputError("empty", "completion has no content")
    try:
        return schema.model_validate_json(message.content)
    except pydantic.ValidationError as exc:
        if any(err["type"] == "json_invalid" for err in exc.errors()):
            raise LLMOutputError("invalid_json", f"reply is not JSON: {exc}") from exc
        raise LLMOutputError("schema_mismatch", f"reply violates schema: {exc}") from exc


async def structured_completion(
    client: AsyncOpenAI,
    *,
    model: str,
    messages: Messages,
    schema: type[ModelT],
    policy: RetryPolicy,
    temperature: float = 0.0,
    seed: int | None = None,
    name: str | None = None,
) -> ModelT:
    """Chat completion constrained to ``schema`` (strict JSON schema), parsed into it.

    Transient API failures are retried per ``policy`` (then ``LLMUnavailableError``);
    unusable replies raise ``LLMOutputError`` immediately, as re-asking the same
    prompt at temperature 0 mostly reproduces the same bad output.
    """
    extra: dict[str, Any] = {} if seed is None else {"seed": seed}
    response_format = response_format_for(schema, name)

    async def call() -> ChatCompletion:
        return await client.chat.completions.create(
            model=model,
            messages=_messages(messages),
            response_format=response_format,
            temperature=temperature,
            **extra,
        )

    completion = await call_with_retries(policy, call)
    return _parse_structured(completion, schema)


async def chat_text(
    client: AsyncOpenAI,
    *,
    model: str,
    messages: Messages,
    policy: RetryPolicy,
    **params: Any,
) -> str:
    """Non-streaming chat completion returning the reply text.

    ``params`` are passed through to ``chat.completions.create`` (temperature, max_tokens...).
    """

    async def call() -> ChatCompletion:
        return await client.chat.completions.create(
            model=model, messages=_messages(messages), **params
        )

    completion = await call_with_retries(policy, call)
    if not completion.choices:
        raise LLMOutputError("empty", "completion has no choices")
    message = completion.choices[0].message
    if message.refusal:
        raise LLMOutputError("refusal", f"model refused: {message.refusal[:200]}")
    if message.content is None:
        raise LLMOutputError("empty", "completion has no content")
    return message.content


def _delta_text(chunk: ChatCompletionChunk) -> str:
    if not chunk.choices:
        return ""  # e.g. the trailing usage-only chunk
    delta = chunk.choices[0].delta
    if delta.refusal:
        raise LLMOutputError("refusal", f"model refused: {delta.refusal[:200]}")
    return delta.content or ""


async def stream_chat(
    client: AsyncOpenAI,
    *,
    model: str,
    messages: Messages,
    policy: RetryPolicy,
    temperature: float = 0.0,
    **params: Any,
) -> AsyncIterator[str]:
    """Stream the reply as text deltas (empty deltas are skipped).

    Only establishing the stream - up to and including the first content delta - is
    retried: once text has been handed to the caller a retry would duplicate it, so
    later failures raise ``LLMUnavailableError`` straight away.
    """

    async def open_stream() -> tuple[AsyncStream[ChatCompletionChunk], str]:
        stream = await client.chat.completions.create(
            model=model,
            messages=_messages(messages),
            temperature=temperature,
            stream=True,
            **params,
        )
        try:
            # anext() rather than `async for`: the stream is handed back half-consumed
            # and must not be tied to an abandoned iterator wrapper.
            while (chunk := await anext(stream, None)) is not None:
                text = _delta_text(chunk)
                if text:
                    return stream, text
        except BaseException:
            await stream.close()
            raise
        return stream, ""

    stream, first = await call_with_retries(policy, open_stream)
    try:
        if first:
            yield first
        async for chunk in stream:
            text = _delta_text(chunk)
            if text:
                yield text
    except openai.OpenAIError as exc:
        raise to_llm_error(exc) from exc
    finally:
        await stream.close()


# --------------------------------------------------------------------------- providers


@dataclass(frozen=True)
class ProviderResult(Generic[Out]):
    """What a ``DualProvider`` produced and which implementation produced it."""

    value: Out
    provider: Literal["llm", "offline"]
    fallback_reason: str | None = None


class DualProvider(ABC, Generic[In, Out]):
    """An AI feature with an LLM implementation and a deterministic offline one.

    Subclasses implement ``llm`` (may use ``self.client``) and ``offline``. ``run`` uses
    the LLM when a client is configured and falls back to offline on any ``LLMError``
    (or stray SDK error), reporting the reason. Programming errors are not swallowed.
    Without a client the result has ``provider="offline"`` and
    ``fallback_reason="not_configured"``.
    """

    def __init__(self, client: AsyncOpenAI | None) -> None:
        self._client = client

    @property
    def llm_enabled(self) -> bool:
        """Whether ``run`` will try the LLM implementation first."""
        return self._client is not None

    @property
    def client(self) -> AsyncOpenAI:
        """The configured client; only meaningful inside ``llm``."""
        if self._client is None:
            raise LLMUnavailableError("not_configured", "no LLM client configured")
        return self._client

    @abstractmethod
    async def llm(self, inp: In) -> Out:
        """LLM-backed implementation; signal unusable outcomes with ``LLMError``."""

    @abstractmethod
    async def offline(self, inp: In) -> Out:
        """Deterministic implementation that needs no network."""

    async def run(self, inp: In) -> ProviderResult[Out]:
        """Answer with the LLM if possible, otherwise offline; never raises ``LLMError``."""
        if self._client is None:
            return ProviderResult(await self.offline(inp), "offline", "not_configured")
        try:
            value = await self.llm(inp)
        except (LLMError, openai.OpenAIError) as exc:
            err = to_llm_error(exc)
            log.warning(
                "llm.fallback", feature=type(self).__name__, reason=err.reason, error=str(err)
            )
            return ProviderResult(await self.offline(inp), "offline", err.reason)
        return ProviderResult(value, "llm", None)
