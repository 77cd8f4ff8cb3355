"""LLM helpers against the scripted OpenAI-compatible server, through the real SDK."""

from __future__ import annotations

import asyncio
import email.utils
import math
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import openai
import pytest
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel

from sessionhub.common.llm import (
    DualProvider,
    LLMOutputError,
    LLMRequestError,
    LLMUnavailableError,
    RetryPolicy,
    call_with_retries,
    chat_text,
    create_llm_client,
    is_transient,
    response_format_for,
    retry_after_s,
    stream_chat,
    structured_completion,
)
from sessionhub.testing.llm_server import (
    Fail,
    Hang,
    Malformed,
    Refusal,
    Reply,
    ScriptedLLMServer,
    hashed_embedding,
)

FAST = RetryPolicy(attempts=3, total_timeout_s=10.0, base_delay_s=0.01, max_delay_s=0.05)
USER: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Grade this answer."}]


class Verdict(BaseModel):
    score: int
    rationale: str


class Criterion(BaseModel):
    name: str
    weight: float | None = None


class Rubric(BaseModel):
    title: str
    criteria: list[Criterion]
    main: Criterion


@pytest.fixture
async def server() -> AsyncIterator[ScriptedLLMServer]:
    async with ScriptedLLMServer() as srv:
        yield srv


@pytest.fixture
async def client(server: ScriptedLLMServer) -> AsyncIterator[AsyncOpenAI]:
    llm = create_llm_client(api_key="test", base_url=server.url, timeout_s=5.0)
    assert llm is not None
    yield llm
    await llm.close()


async def _structured(client: AsyncOpenAI, policy: RetryPolicy = FAST) -> Verdict:
    return await structured_completion(
        client, model="test-model", messages=USER, schema=Verdict, policy=policy
    )


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://llm.invalid/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls: type[openai.APIStatusError] = {
        400: openai.BadRequestError,
        429: openai.RateLimitError,
    }.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return cls(f"status {status}", response=response, body=None)


# --------------------------------------------------------------------------- client factory


async def test_no_client_without_key_or_base_url() -> None:
    assert create_llm_client(api_key=None, base_url=None, timeout_s=1.0) is None
    assert create_llm_client(api_key="", base_url="", timeout_s=1.0) is None


async def test_base_url_only_uses_placeholder_key_and_no_sdk_retries() -> None:
    llm = create_llm_client(api_key=None, base_url="http://127.0.0.1:9/v1", timeout_s=1.0)
    assert llm is not None
    try:
        assert llm.api_key
        assert llm.max_retries == 0
        assert str(llm.base_url).startswith("http://127.0.0.1:9/v1")
    finally:
        await llm.close()


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("status", "transient"),
    [(400, False), (401, False), (403, False), (404, False), (422, False), (429, True),
     (500, True), (502, True), (503, True)],
)  # fmt: skip
def test_is_transient_by_status(status: int, transient: bool) -> None:
    assert is_transient(_status_error(status)) is transient


def test_is_transient_for_connection_problems_only() -> None:
    request = httpx2.Request("POST", "http://llm.invalid/v1")
    assert is_transient(openai.APIConnectionError(request=request))
    assert is_transient(openai.APITimeoutError(request=request))
    assert not is_transient(ValueError("bug"))


def test_retry_after_parsing() -> None:
    assert retry_after_s(_status_error(429, {"retry-after": "2"})) == 2.0
    assert retry_after_s(_status_error(429, {"retry-after": "0.5"})) == 0.5
    assert retry_after_s(_status_error(429, {"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    http_date = email.utils.formatdate(time.time() + 30, usegmt=True)
    parsed = retry_after_s(_status_error(429, {"retry-after": http_date}))
    assert parsed is not None
    assert 25 <= parsed <= 30
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert retry_after_s(_status_error(429, {"retry-after": past})) == 0.0
    assert retry_after_s(_status_error(429, {"retry-after": "soon"})) is None
    assert retry_after_s(_status_error(429)) is None
    assert retry_after_s(ValueError()) is None


# --------------------------------------------------------------------------- structured outputs


async def test_structured_output_is_parsed(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Reply(content={"score": 4, "rationale": "clear and correct"}))

    verdict = await _structured(client)

    assert verdict == Verdict(score=4, rationale="clear and correct")
    [body] = server.chat_requests
    assert body["messages"] == USER
    assert body["temperature"] == 0.0
    json_schema = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema"
    assert json_schema["name"] == "Verdict"
    assert json_schema["strict"] is True
    assert json_schema["schema"]["additionalProperties"] is False
    assert json_schema["schema"]["required"] == ["score", "rationale"]


async def test_structured_output_sends_seed_and_custom_name(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(content=Verdict(score=1, rationale="x")))

    await structured_completion(
        client, model="m", messages=USER, schema=Verdict, policy=FAST, seed=7, name="grade v1"
    )

    [body] = server.chat_requests
    assert body["seed"] == 7
    assert body["response_format"]["json_schema"]["name"] == "grade_v1"


def test_strict_schema_covers_nested_models_and_optional_fields() -> None:
    schema: dict[str, Any] = response_format_for(Rubric)["json_schema"]["schema"]

    assert schema["required"] == ["title", "criteria", "main"]
    criterion = schema["$defs"]["Criterion"]
    assert criterion["additionalProperties"] is False
    # Optional fields stay nullable but become required, as strict mode demands.
    assert criterion["required"] == ["name", "weight"]
    assert "default" not in criterion["properties"]["weight"]


async def test_malformed_json_is_an_output_error_and_not_retried(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Malformed('{"score": 4, "rationale": '))

    with pytest.raises(LLMOutputError) as info:
        await _structured(client)

    assert info.value.reason == "invalid_json"
    assert len(server.chat_requests) == 1


async def test_schema_violation_is_an_output_error(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(content={"score": "very good"}))

    with pytest.raises(LLMOutputError) as info:
        await _structured(client)

    assert info.value.reason == "schema_mismatch"


async def test_refusal_is_an_output_error(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Refusal("I can't grade that."))

    with pytest.raises(LLMOutputError) as info:
        await _structured(client)

    assert info.value.reason == "refusal"


async def test_truncated_output_is_reported_as_such(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(content='{"score": 4, "rati', finish_reason="length"))

    with pytest.raises(LLMOutputError) as info:
        await _structured(client)

    assert info.value.reason == "truncated"


async def test_unscripted_structured_request_fails_loudly(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    with pytest.raises(LLMUnavailableError) as info:
        await _structured(client, RetryPolicy(attempts=1))

    assert info.value.reason == "server_error"
    assert "no scripted reply for structured output" in str(info.value)


# --------------------------------------------------------------------------- retries


async def test_429_with_retry_after_is_honoured(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Fail(429, retry_after=0.4), Reply(content={"score": 2, "rationale": "ok"}))

    started = time.monotonic()
    verdict = await _structured(client)
    elapsed = time.monotonic() - started

    assert verdict.score == 2
    assert len(server.chat_requests) == 2
    # FAST's own backoff is <= 0.05 s, so only the header explains this wait.
    assert elapsed >= 0.4


async def test_retry_after_ms_is_honoured(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Fail(429, headers={"retry-after-ms": "300"}), Reply(content="fine"))

    started = time.monotonic()
    text = await chat_text(client, model="m", messages=USER, policy=FAST)

    assert text == "fine"
    assert time.monotonic() - started >= 0.3


async def test_retry_after_beyond_budget_fails_fast(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Fail(429, retry_after=60), Reply(content={"score": 2, "rationale": "ok"}))

    with pytest.raises(LLMUnavailableError) as info:
        await _structured(client, RetryPolicy(attempts=3, total_timeout_s=2.0))

    assert info.value.reason == "rate_limited"
    assert isinstance(info.value.__cause__, openai.RateLimitError)
    # Sleeping into a spent budget would be pointless: no second attempt was made.
    assert len(server.chat_requests) == 1


async def test_server_errors_are_retried_until_success(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Fail(500), Fail(503), Reply(content={"score": 5, "rationale": "great"}))

    verdict = await _structured(client)

    assert verdict.score == 5
    assert len(server.chat_requests) == 3
    assert server.pending == 0


async def test_retries_stop_after_attempts(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Fail(500), Fail(500), Fail(500), Reply(content="never reached"))

    with pytest.raises(LLMUnavailableError) as info:
        await chat_text(client, model="m", messages=USER, policy=FAST)

    assert info.value.reason == "server_error"
    assert isinstance(info.value.__cause__, openai.InternalServerError)
    assert len(server.chat_requests) == FAST.attempts


async def test_bad_request_is_not_retried(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Fail(400), Reply(content={"score": 5, "rationale": "never reached"}))

    with pytest.raises(LLMRequestError) as info:
        await _structured(client)

    assert info.value.reason == "bad_request"
    assert len(server.chat_requests) == 1


async def test_hang_beyond_client_timeout_and_budget_is_unavailable(
    server: ScriptedLLMServer,
) -> None:
    server.script(*[Hang(30)] * 10)
    llm = create_llm_client(api_key="test", base_url=server.url, timeout_s=0.2)
    assert llm is not None
    policy = RetryPolicy(attempts=10, total_timeout_s=0.8, base_delay_s=0.01, max_delay_s=0.02)
    try:
        with pytest.raises(LLMUnavailableError) as info:
            await _structured(llm, policy)
    finally:
        await llm.close()

    assert info.value.reason == "timeout"
    assert 1 <= len(server.chat_requests) < policy.attempts


async def test_total_budget_cuts_an_attempt_longer_than_the_client_timeout(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Hang(30))

    with pytest.raises(LLMUnavailableError) as info:
        await _structured(client, RetryPolicy(attempts=3, total_timeout_s=0.3))

    assert info.value.reason == "timeout"
    assert isinstance(info.value.__cause__, TimeoutError)
    assert len(server.chat_requests) == 1


async def test_call_with_retries_lets_programming_errors_through() -> None:
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise KeyError("bug")

    with pytest.raises(KeyError):
        await call_with_retries(FAST, broken)
    assert calls == 1


# --------------------------------------------------------------------------- chat & streaming


async def test_chat_text_default_responder_echoes(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    text = await chat_text(client, model="m", messages=USER, policy=FAST, max_tokens=50)

    assert text == "echo: Grade this answer."
    assert server.chat_requests[0]["max_tokens"] == 50


async def test_responder_hook_sync_async_and_failing(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.responder = lambda body: Reply(content=f"saw {len(body['messages'])} message(s)")
    assert await chat_text(client, model="m", messages=USER, policy=FAST) == "saw 1 message(s)"

    async def async_responder(body: dict[str, Any]) -> Reply:
        return Reply(content=body["model"])

    server.responder = async_responder
    assert await chat_text(client, model="gpt-x", messages=USER, policy=FAST) == "gpt-x"

    def broken(body: dict[str, Any]) -> Reply:
        raise RuntimeError("responder bug")

    server.responder = broken
    with pytest.raises(LLMUnavailableError):
        await chat_text(client, model="m", messages=USER, policy=RetryPolicy(attempts=1))
    assert len(server.responder_errors) == 1


async def test_stream_yields_deltas_in_order(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(chunks=["The ", "answer ", "is ", "42."]))

    deltas = [d async for d in stream_chat(client, model="m", messages=USER, policy=FAST)]

    assert deltas == ["The ", "answer ", "is ", "42."]
    assert server.chat_requests[0]["stream"] is True


async def test_stream_retries_only_before_first_delta(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Fail(503), Reply(content="hello streaming world"))

    deltas = [d async for d in stream_chat(client, model="m", messages=USER, policy=FAST)]

    assert "".join(deltas) == "hello streaming world"
    assert len(server.chat_requests) == 2


async def test_stream_failure_after_first_delta_is_not_retried(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(chunks=["a ", "b ", "c"], abort_after_chunks=2), Reply(content="again"))
    received: list[str] = []

    with pytest.raises(LLMUnavailableError) as info:
        async for delta in stream_chat(client, model="m", messages=USER, policy=FAST):
            received.append(delta)

    assert received == ["a ", "b "]
    assert info.value.reason == "connection"
    assert len(server.chat_requests) == 1


async def test_stream_refusal_is_an_output_error(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Refusal())

    with pytest.raises(LLMOutputError) as info:
        async for _ in stream_chat(client, model="m", messages=USER, policy=FAST):
            pass

    assert info.value.reason == "refusal"


async def test_stream_usage_chunk_and_tool_calls(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(content="hi there", tool_calls=[{"name": "lookup", "arguments": {"q": 1}}]))

    stream = await client.chat.completions.create(
        model="m", messages=USER, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]

    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 2
    finish = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finish[-1] == "tool_calls"
    [call_chunk] = [c for c in chunks if c.choices and c.choices[0].delta.tool_calls]
    tool_calls = call_chunk.choices[0].delta.tool_calls
    assert tool_calls is not None
    assert tool_calls[0].function is not None
    assert tool_calls[0].function.arguments == '{"q": 1}'


async def test_non_stream_tool_calls(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.script(Reply(tool_calls=[{"name": "lookup", "arguments": {"q": "x"}}]))

    completion = await client.chat.completions.create(model="m", messages=USER)

    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.type == "function"
    assert call.function.name == "lookup"
    assert call.function.arguments == '{"q": "x"}'


# --------------------------------------------------------------------------- server behaviour


async def test_concurrent_requests_with_latency(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.latency_s = 0.3
    server.responder = lambda body: Reply(content=f"re: {body['messages'][0]['content']}")

    async def ask(i: int) -> str:
        return await chat_text(
            client, model="m", messages=[{"role": "user", "content": f"q{i}"}], policy=FAST
        )

    answers = await asyncio.gather(*(ask(i) for i in range(32)))

    assert answers == [f"re: q{i}" for i in range(32)]
    assert len(server.chat_requests) == 32


async def test_wait_for_requests_observes_in_flight_calls(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Hang(30))
    task = asyncio.create_task(chat_text(client, model="m", messages=USER, policy=FAST))

    [body] = await server.wait_for_requests(1)

    assert body["messages"] == USER
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_wait_for_requests_times_out_with_a_clear_message(
    server: ScriptedLLMServer,
) -> None:
    with pytest.raises(TimeoutError, match="expected 1 requests"):
        await server.wait_for_requests(1, timeout_s=0.05)


async def test_embeddings_are_deterministic_and_decode_through_the_sdk(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    texts = ["photosynthesis in green plants", "green plants and photosynthesis", "tax law"]

    default = await client.embeddings.create(model="e", input=texts)  # SDK asks for base64
    floats = await client.embeddings.create(model="e", input=texts, encoding_format="float")

    vectors = [d.embedding for d in floats.data]
    assert all(len(v) == 64 for v in vectors)
    assert vectors[0] == hashed_embedding(texts[0], 64)
    for decoded, plain in zip((d.embedding for d in default.data), vectors, strict=True):
        assert decoded == pytest.approx(plain, abs=1e-6)

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert math.isclose(cosine(vectors[0], vectors[0]), 1.0)
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    assert len(server.embedding_requests) == 2


async def test_embedding_dimensions(server: ScriptedLLMServer, client: AsyncOpenAI) -> None:
    server.embedding_dim = 16
    configured = await client.embeddings.create(model="e", input="x", encoding_format="float")
    requested = await client.embeddings.create(
        model="e", input="x", dimensions=8, encoding_format="float"
    )

    assert len(configured.data[0].embedding) == 16
    assert len(requested.data[0].embedding) == 8


async def test_models_are_listed(client: AsyncOpenAI) -> None:
    page = await client.models.list()

    assert [m.id for m in page.data] == ["test-model"]


# A fresh interpreter: this one has long imported whatever the SDK loads lazily.
FIRST_CALLS = textwrap.dedent(
    """
    import asyncio, sys
    from sessionhub.common.llm import create_llm_client, warm_up

    async def main():
        client = create_llm_client(api_key="test", base_url=sys.argv[1], timeout_s=5.0)
        await warm_up(client)
        print("numpy" in sys.modules)
        await warm_up(client, embeddings=True)
        before = set(sys.modules)
        messages = [{"role": "user", "content": "hi"}]
        await client.chat.completions.create(model="m", messages=messages)
        await client.embeddings.create(model="e", input="hi")
        await client.close()
        new = set(sys.modules) - before
        print(sorted(m for m in new if m.partition(".")[0] not in sys.stdlib_module_names))

    asyncio.run(main())
    """
)


async def test_after_warm_up_the_first_requests_import_no_library(
    server: ScriptedLLMServer,
) -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        FIRST_CALLS,
        server.url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(child.communicate(), 120)

    assert child.returncode == 0, err.decode()
    numpy_without_embeddings, imported = out.decode().splitlines()
    assert numpy_without_embeddings == "False"
    assert imported == "[]"
    assert len(server.chat_requests) == 1
    assert len(server.embedding_requests) == 1


# --------------------------------------------------------------------------- dual provider


class Summary(DualProvider[str, str]):
    async def llm(self, inp: str) -> str:
        return await chat_text(
            self.client,
            model="m",
            messages=[{"role": "user", "content": inp}],
            policy=RetryPolicy(attempts=2, base_delay_s=0.01, max_delay_s=0.02),
        )

    async def offline(self, inp: str) -> str:
        return inp.upper()


async def test_dual_provider_uses_llm_when_it_answers(
    server: ScriptedLLMServer, client: AsyncOpenAI
) -> None:
    server.script(Reply(content="a summary"))

    result = await Summary(client).run("text")

    assert (result.value, result.provider, result.fallback_reason) == ("a summary", "llm", None)


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ([Fail(503), Fail(503)], "server_error"),
        ([Fail(401)], "auth"),
        ([Refusal()], "refusal"),
    ],
)
async def test_dual_provider_falls_back_with_reason(
    server: ScriptedLLMServer, client: AsyncOpenAI, script: list[Any], reason: str
) -> None:
    server.script(*script)

    result = await Summary(client).run("text")

    assert (result.value, result.provider, result.fallback_reason) == ("TEXT", "offline", reason)


async def test_dual_provider_without_client_goes_offline_directly() -> None:
    provider = Summary(None)

    result = await provider.run("text")

    assert not provider.llm_enabled
    assert (result.value, result.provider) == ("TEXT", "offline")
    assert result.fallback_reason == "not_configured"


async def test_dual_provider_does_not_hide_bugs(client: AsyncOpenAI) -> None:
    class Broken(Summary):
        async def llm(self, inp: str) -> str:
            raise KeyError(inp)

    with pytest.raises(KeyError):
        await Broken(client).run("text")
