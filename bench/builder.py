"""Builder benchmark: autosave under load, generation latency and scale-out, retrieval.

    uv run python bench/builder.py [--only autosave|generation|retrieval ...]

1. Autosave: ``sessionhub serve builder`` as a real process; ``wrk`` with 32 connections
   (one thread each, so each keeps its own draft's ETag) PATCHes a 50-section outline
   under If-Match for 10 s. Baseline in the same run: 32 asyncpg connections running a
   raw ``UPDATE … SET doc = $1, revision = revision + 1 WHERE id = $2 AND revision = $3``
   of the same JSON on the same server. Targets: >= 50% of the raw throughput, p99 < 50 ms.
   Also in the same run, the ceiling for the HTTP layer: autosave's own statement (the
   merge, the snapshot and its pruning, what validation reads) through asyncpg alone;
   and the floor of any HTTP endpoint doing this write: bench/_limit_app.py's bare
   ``UPDATE`` of the same body behind FastAPI + asyncpg, under the same wrk load, so the
   report says how far the target is beyond what the framework itself reaches here.
   Both wrk runs follow 2 s of unmeasured load (the builder's on drafts of its own),
   so both servers are timed warm, their connection pools full.
2. Generation: the scripted OpenAI-compatible server answering after 500 ms. Baseline:
   one call through the SDK. One generation (four personas) must finish within 1.5x one
   call; then 40 generations through one ``sessionhub worker builder`` process and
   through two (concurrency 2 each): two must give >= 1.8x the generations per second.
   Each set of workers serves a warm-up round first (every worker at least one
   generation), so both are timed equally warm; the clock runs from the variant
   requests (their drafts made beforehand) to the last generation's finish, both read
   on PostgreSQL's clock, so neither the completion poll nor reading the results counts.
   At the end of a batch, slots that run out of work idle while the others finish
   (half a generation each, on average): 40 generations, ten per slot with two
   workers, keep that artefact of a finite batch small beside the rate being measured.
3. Retrieval over 20,000 chunks of Zipf-distributed text (a 20,000-word vocabulary,
   80 words a chunk), p99 of 200 four-word queries of topic words: lexical on the local
   PostgreSQL (no pgvector) and hybrid on a pgserver PostgreSQL (pgvector, HNSW, the
   query embedded by the scripted server), each against a ``SELECT 1`` round trip on the
   same server as the floor. Target p99 < 50 ms.

Everything runs under a fresh prefix removed at the end. The last line printed is one
JSON object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pgserver
from sqlalchemy import text

from sessionhub.builder.drafts.repository import AUTOSAVE
from sessionhub.builder.knowledge.repository import KnowledgeRepository
from sessionhub.builder.service_spec import spec
from sessionhub.builder.settings import BuilderSettings
from sessionhub.builder.state import state_of
from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.llm import create_llm_client
from sessionhub.common.logging import configure_logging
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer
from sessionhub.testing.plugin import (
    DATABASE_URL,
    Tokens,
    cleanup,
    isolated_settings,
    running_app,
    shipped_pools,
    tenant_env,
    wait_until,
)
from sessionhub.testing.workers import SESSIONHUB, WorkerProcess, free_port

# Core statements go through execute() on purpose (as in the services); SQLModel's nag about
# exec() is shown to __main__ only, i.e. to this script, where it hid the figures' first lines.
warnings.filterwarnings(
    "ignore", r"\s*.*You probably want to use `session.exec\(\)`", DeprecationWarning
)

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 32
SECTIONS = 50
AUTOSAVE_S = 10
#: Unmeasured load before each measured wrk run, so both servers are timed warm: the
#: builder opens its driver pool's connections on first use, the floor at startup.
WARM_UP_S = 2
LLM_LATENCY_S = 0.5
GENERATIONS = 40
WORKER_CONCURRENCY = 2
CHUNKS = 20_000
QUERIES = 200
SNAPSHOTS_KEPT = BuilderSettings.model_fields["snapshots_kept"].default

METADATA: dict[str, Any] = {
    "title": "Handling price objections",
    "sessionType": "workshop",
    "category": "Sales",
    "desiredOutcome": "Reps answer price objections with value, not discounts",
    "currentProblem": "Deals stall when buyers push back on price",
    "startDate": "2026-12-01",
    "startTime": "09:00",
    "endTime": "17:20",
    "timezone": "Europe/Berlin",
    "location": "Berlin office",
    "topics": [{"title": "Value framing", "durationMinutes": 30}],
}


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * q) - 1)]


def outline_patch() -> dict[str, Any]:
    return {
        "outline": {
            "sections": [
                {
                    "id": f"s{i:03d}",
                    "title": f"Section {i}: practising value framing under pressure",
                    "description": "Pairs rehearse the objection, swap roles and debrief "
                    "with the observer's notes; the facilitator collects patterns. " * 2,
                    "duration_minutes": 10,
                    "kind": "opening" if i == 0 else "wrap_up" if i == SECTIONS - 1 else "content",
                    "topic_refs": ["Value framing"] if i % 5 == 0 else [],
                }
                for i in range(SECTIONS)
            ],
            "summary": "A full day on price objections.",
        }
    }


# --------------------------------------------------------------------------- 1. autosave

WRK_SCRIPT = """
local drafts = {%(drafts)s}
local token = "%(token)s"
local body = [[%(body)s]]
local n = 0
function setup(thread)
  n = n + 1
  thread:set("draft", drafts[n])
end
function init(args)
  revision = 1
end
function request()
  return wrk.format("PATCH", "%(path)s" .. draft, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/merge-patch+json",
    ["If-Match"] = '"' .. revision .. '"',
  }, body)
end
function response(status, headers, body)
  local tag = headers["etag"] or headers["ETag"]
  if tag then revision = tonumber(string.match(tag, "%%d+")) end
end
function done(summary, latency, requests)
  io.write(string.format('WRK {"requests": %%d, "duration_us": %%d, "non2xx": %%d, '
    .. '"errors": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and every live descendant (``/proc``, Linux).

    CPU per request is far less sensitive than wall-clock figures to the other
    tenants of a shared machine.
    """
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


async def statement_only(
    pool: asyncpg.Pool, schema: str, drafts: list[uuid.UUID], owner: str, patch: str
) -> float:
    """Saves per second of autosave's statement alone, one client per draft, unconditional."""
    done = 0
    deadline = time.perf_counter() + AUTOSAVE_S

    async def client(draft: uuid.UUID) -> None:
        nonlocal done
        async with pool.acquire() as c:
            await c.execute(f'SET search_path = "{schema}", public')
            stmt = await c.prepare(AUTOSAVE)
            while time.perf_counter() < deadline:
                # The patch replaces the sections: the server does not read them back.
                await stmt.fetch(draft, owner, None, patch, SNAPSHOTS_KEPT, False)
                done += 1
            await c.execute("RESET search_path")

    started = time.perf_counter()
    await asyncio.gather(*(client(d) for d in drafts))
    return done / (time.perf_counter() - started)


async def run_wrk(
    workdir: Path,
    port: int,
    path: str,
    docs: list[str],
    token: str,
    patch: str,
    seconds: int = AUTOSAVE_S,
) -> dict[str, Any]:
    """wrk's figures for ``CLIENTS`` connections, each PATCHing ``path`` + its own doc."""
    script = workdir / "autosave.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "drafts": ",".join(f'"{d}"' for d in docs),
            "token": token,
            "body": patch,
            "path": path,
        }
    )
    run = await asyncio.create_subprocess_exec(
        "wrk",
        "-t",
        str(CLIENTS),
        "-c",
        str(CLIENTS),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await run.communicate()
    lines = out.decode().splitlines()
    line = next((x for x in lines if x.startswith("WRK ")), None)
    if line is None:
        raw = "\n".join(lines)
        raise RuntimeError(f"wrk gave no figures:\n{raw}")
    figures: dict[str, Any] = json.loads(line[4:])
    return figures


async def http_floor(
    settings: Settings, workdir: Path, compression: str, token: str, patch: str
) -> dict[str, Any]:
    """The same PATCH load on the least any HTTP endpoint doing this write costs here:
    bench/_limit_app.py's ``PATCH /docs/{id}`` (FastAPI + asyncpg, one UPDATE of the
    unparsed body, no auth, middleware or logging), served like the builder."""
    port = free_port()
    schema = settings.db_schema_prefix + "floor"
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before its measurement
        [
            sys.executable,
            str(ROOT / "bench" / "_limit_app.py"),
            "--dsn",
            asyncpg_dsn(DATABASE_URL),
            "--schema",
            schema,
            "--port",
            str(port),
            "--pool-size",
            str(settings.db_driver_pool_size),
            "--docs",
            str(CLIENTS),
            "--doc-compression",
            compression,
        ],
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:

            async def up() -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(up, timeout_s=60, interval_s=0.2, message="limit app")
        docs = [str(i) for i in range(CLIENTS)]
        await run_wrk(workdir, port, "/docs/", docs, token, patch, WARM_UP_S)
        cpu_before = cpu_seconds(server.pid)
        wrk = await run_wrk(workdir, port, "/docs/", docs, token, patch)
        cpu_s = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
        conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await conn.close()
    return {
        "rps": round(wrk["requests"] / (wrk["duration_us"] / 1e6), 1),
        "p99_ms": round(wrk["p99_us"] / 1000, 2),
        "errors": wrk["non2xx"] + wrk["errors"],
        "cpu_us_per_request": round(cpu_s * 1e6 / max(wrk["requests"], 1)),
    }


async def autosave(settings: Settings, workdir: Path) -> dict[str, Any]:
    port = free_port()
    env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="WARNING")
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
        [str(SESSIONHUB), "serve", "builder", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
    )
    user = "bench"
    token = Tokens(settings).headers(user)["Authorization"].split(" ", 1)[1]
    patch = json.dumps(outline_patch())
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:

            async def up() -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(up, timeout_s=60, interval_s=0.2, message="builder serve")
            auth = {"Authorization": f"Bearer {token}"}
            drafts = []
            # Drafts of their own for the warm-up, so the measured run starts at revision 1.
            for _ in range(2 * CLIENTS):
                response = await http.post(
                    "/api/builder/drafts", json={"metadata": METADATA}, headers=auth
                )
                drafts.append(response.json()["id"])
            drafts, warm_up = drafts[:CLIENTS], drafts[CLIENTS:]
        await run_wrk(workdir, port, "/api/builder/drafts/", warm_up, token, patch, WARM_UP_S)
        cpu_before = cpu_seconds(server.pid)
        wrk = await run_wrk(workdir, port, "/api/builder/drafts/", drafts, token, patch)
        api_cpu_s = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)

    # Baseline: the same JSON written by a raw UPDATE with the same revision check, into
    # a column compressed like the drafts' own (LZ4 where the server has it), so the
    # baseline gets every storage advantage the builder's table has.
    schema = settings.db_schema_prefix + "builder"
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    compression = await conn.fetchval(
        "SELECT pg_column_compression(doc) FROM "
        f'"{schema}".drafts WHERE pg_column_compression(doc) IS NOT NULL LIMIT 1'
    )
    await conn.execute(
        f'CREATE TABLE "{schema}".bench_raw (id int PRIMARY KEY, '
        f"doc jsonb COMPRESSION {compression or 'pglz'}, revision int)"
    )
    await conn.executemany(
        f'INSERT INTO "{schema}".bench_raw VALUES ($1, $2, 1)',
        [(i, patch) for i in range(CLIENTS)],
    )
    await conn.close()
    pool = await asyncpg.create_pool(asyncpg_dsn(DATABASE_URL), min_size=CLIENTS, max_size=CLIENTS)
    # The ceiling for the HTTP layer: autosave's own statement (merge, revision check,
    # snapshot, prune, the fields validation reads) driven straight through asyncpg.
    statement_rps = await statement_only(pool, schema, [uuid.UUID(d) for d in drafts], user, patch)
    latencies: list[float] = []
    deadline = time.perf_counter() + AUTOSAVE_S

    async def client(i: int) -> None:
        revision = 1
        async with pool.acquire() as c:
            stmt = await c.prepare(
                f'UPDATE "{schema}".bench_raw SET doc = $1::jsonb, revision = revision + 1 '
                "WHERE id = $2 AND revision = $3 RETURNING revision"
            )
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                revision = await stmt.fetchval(patch, i, revision)
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    raw_cpu_before = time.process_time()
    await asyncio.gather(*(client(i) for i in range(CLIENTS)))
    raw_cpu_s = time.process_time() - raw_cpu_before
    raw_s = time.perf_counter() - started
    await pool.close()
    floor = await http_floor(settings, workdir, compression or "pglz", token, patch)
    api_rps = wrk["requests"] / (wrk["duration_us"] / 1e6)
    raw_rps = len(latencies) / raw_s
    return {
        "clients": CLIENTS,
        "sections": SECTIONS,
        "body_bytes": len(patch),
        "api_rps": round(api_rps, 1),
        "api_p50_ms": round(wrk["p50_us"] / 1000, 2),
        "api_p99_ms": round(wrk["p99_us"] / 1000, 2),
        "api_non2xx": wrk["non2xx"],
        "api_socket_errors": wrk["errors"],
        "api_cpu_us_per_request": round(api_cpu_s * 1e6 / max(wrk["requests"], 1)),
        "statement_only_rps": round(statement_rps, 1),
        "statement_only_ratio": round(statement_rps / raw_rps, 3),
        "raw_rps": round(raw_rps, 1),
        "compression": compression,
        "raw_p99_ms": ms(pct(latencies, 0.99)),
        "raw_client_cpu_us_per_request": round(raw_cpu_s * 1e6 / max(len(latencies), 1)),
        "throughput_ratio": round(api_rps / raw_rps, 3),
        "http_floor": floor,
        "http_floor_ratio_to_raw": round(floor["rps"] / raw_rps, 3),
        "ratio_to_http_floor": round(api_rps / floor["rps"], 3),
    }


# --------------------------------------------------------------------------- 2. generation


def outline_reply(body: dict[str, Any]) -> Reply:
    return Reply(
        content={
            "summary": "plan",
            "sections": [
                {
                    "title": "Kickoff",
                    "description": "d",
                    "duration_minutes": 10,
                    "kind": "opening",
                    "topic_refs": [],
                    "source_refs": [],
                },
                {
                    "title": "Value framing",
                    "description": "d",
                    "duration_minutes": 40,
                    "kind": "content",
                    "topic_refs": [],
                    "source_refs": [],
                },
                {
                    "title": "Close",
                    "description": "d",
                    "duration_minutes": 10,
                    "kind": "wrap_up",
                    "topic_refs": [],
                    "source_refs": [],
                },
            ],
        }
    )


@asynccontextmanager
async def workers(settings: Settings, count: int, logs: Path) -> AsyncIterator[list[WorkerProcess]]:
    procs: list[WorkerProcess] = []
    try:
        for i in range(count):
            worker = WorkerProcess(
                "builder",
                settings,
                logs / f"worker-{count}-{i}.log",
                {"SESSIONHUB_BUILDER_GENERATION_CONCURRENCY": str(WORKER_CONCURRENCY)},
                cwd=ROOT,
            )
            procs.append(worker)
            await worker.start()
        yield procs
    finally:
        for worker in procs:
            await worker.stop(graceful=True)


def generations_finished(worker: WorkerProcess) -> int:
    return worker.log.read_bytes().count(b"builder.generation_finished")


async def generation(llm: ScriptedLLMServer, workdir: Path) -> dict[str, Any]:
    llm.latency_s = LLM_LATENCY_S
    llm.responder = outline_reply
    client = create_llm_client(api_key="bench", base_url=llm.url, timeout_s=10)
    assert client is not None
    calls = []
    for _ in range(4):  # the first opens the connection; the median of the rest counts
        started = time.perf_counter()
        await client.chat.completions.create(
            model="bench", messages=[{"role": "user", "content": "one call"}]
        )
        calls.append(time.perf_counter() - started)
    one_call = statistics.median(calls[1:])
    settings = isolated_settings(openai_base_url=llm.url, openai_api_key="bench")
    try:
        async with running_app([spec], settings, consumers=False, keep=True) as app:
            headers = app.tokens.headers("bench")
            http = app.client
            ctx = app.runtime.services["builder"]

            async def drafts(n: int) -> list[str]:
                ids = []
                for _ in range(n):
                    d = await http.post(
                        "/api/builder/drafts", json={"metadata": METADATA}, headers=headers
                    )
                    ids.append(d.json()["id"])
                return ids

            async def generate(draft_ids: list[str]) -> list[str]:
                # One after the other: requests sent all at once interleave in this
                # process, and the first would reach a worker only when most are in.
                ids = []
                for d in draft_ids:
                    g = await http.post(f"/api/builder/drafts/{d}/variants", headers=headers)
                    ids.append(g.json()["id"])
                return ids

            async def db_clock() -> datetime:
                async with ctx.db.read_session() as db:
                    now = await db.execute(text("SELECT clock_timestamp()"))
                    return now.scalar_one()

            async def wait_all(ids: list[str]) -> tuple[datetime, list[dict[str, Any]]]:
                """When the last of ``ids`` finished (the database's clock), and all of them.

                One cheap query per poll: the scripted LLM server shares this process's
                GIL, and polling through the API would slow the calls being measured. The
                poll only detects the end; its interval and the reads after it are not
                part of the figure.
                """
                keys = {"ids": [uuid.UUID(i) for i in ids]}

                async def last_finish() -> datetime | None:
                    async with ctx.db.read_session() as db:
                        row = await db.execute(
                            text(
                                "SELECT max(finished_at), count(*) FILTER "
                                "(WHERE status IN ('pending', 'running')) "
                                "FROM generations WHERE id = ANY(:ids)"
                            ),
                            keys,
                        )
                        finished, open_ = row.one()
                        return finished if open_ == 0 else None

                finished = await wait_until(
                    last_finish, timeout_s=300, interval_s=0.05, message="generations"
                )
                assert finished is not None
                results = [
                    (await http.get(f"/api/builder/generations/{gid}", headers=headers)).json()
                    for gid in ids
                ]
                return finished, results

            def span(g: dict[str, Any]) -> float:
                return (
                    datetime.fromisoformat(g["finished_at"])
                    - datetime.fromisoformat(g["started_at"])
                ).total_seconds()

            rates = {}
            single = None
            for count in (1, 2):
                async with workers(settings, count, workdir) as procs:
                    # Every worker serves generations before the clock starts, so one and
                    # two workers are timed equally warm.
                    for _ in range(5):
                        await wait_all(await generate(await drafts(WORKER_CONCURRENCY * count)))
                        if all(generations_finished(w) for w in procs):
                            break
                    else:
                        raise AssertionError("a worker got no warm-up generation")
                    if single is None:
                        spans = []
                        for _ in range(3):  # one at a time
                            [gid] = await generate(await drafts(1))
                            _, [g] = await wait_all([gid])
                            assert all(v["provider"] == "llm" for v in g["variants"]), g
                            spans.append(span(g))
                        single = statistics.median(spans)
                    draft_ids = await drafts(GENERATIONS)
                    clock_start = await db_clock()
                    finished, results = await wait_all(await generate(draft_ids))
                    assert all(r["status"] == "done" for r in results)
                    rates[count] = GENERATIONS / (finished - clock_start).total_seconds()
    finally:
        await cleanup(settings, [spec])
    assert single is not None
    return {
        "llm_latency_ms": ms(LLM_LATENCY_S),
        "one_call_ms": ms(one_call),
        "one_generation_ms": ms(single),
        "generation_over_one_call": round(single / one_call, 3),
        "generations": GENERATIONS,
        "worker_concurrency": WORKER_CONCURRENCY,
        "one_worker_per_s": round(rates[1], 2),
        "two_workers_per_s": round(rates[2], 2),
        "scale_out_ratio": round(rates[2] / rates[1], 3),
    }


# --------------------------------------------------------------------------- 3. retrieval

VOCABULARY = 20_000
#: Ranks of the words queries are made of: topic words, not the most frequent ones
#: (which in real text are mostly stop words, never indexed).
QUERY_RANKS = (100, 3_000)


def vocabulary(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words.setdefault("".join(rng.choices(syllables, k=rng.randint(2, 4))), None)
    return list(words)


def corpus(words: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """Zipf-distributed text (s = 1.07), as natural language is."""
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    cumulative = list(itertools.accumulate(weights))
    return [
        (
            " ".join(rng.choices(words, cum_weights=cumulative, k=3)).capitalize(),
            " ".join(rng.choices(words, cum_weights=cumulative, k=80)) + ".",
        )
        for _ in range(CHUNKS)
    ]


async def retrieval_p99(settings: Settings, *, hybrid: bool) -> dict[str, Any]:
    rng = random.Random(11)
    words = vocabulary(rng)
    chunks = corpus(words, rng)
    topic_words = words[QUERY_RANKS[0] : QUERY_RANKS[1]]
    async with running_app([spec], settings, consumers=False, keep=True) as app:
        ctx = app.runtime.services["builder"]
        st = state_of(ctx)
        assert (st.embedder is not None) == hybrid, st.retriever.lexical_reason
        per_doc = 500
        for start in range(0, CHUNKS, per_doc):
            part = chunks[start : start + per_doc]
            vectors = None
            if st.embedder is not None:
                vectors = await st.embedder.embed([f"{h}\n{t}" for h, t in part])
            async with ctx.db.session() as db:
                await KnowledgeRepository(db).create(
                    owner="bench",
                    title=f"doc {start}",
                    content_type="text/plain",
                    shared=False,
                    chars=0,
                    chunks=part,
                    vectors=vectors,
                )
        async with ctx.db.session() as db:
            await db.execute(text("ANALYZE chunks"))
        floor: list[float] = []
        latencies: list[float] = []
        hits = 0
        for _ in range(QUERIES):
            query = " ".join(rng.sample(topic_words, 4))
            async with ctx.db.read_session() as db:
                started = time.perf_counter()
                await db.execute(text("SELECT 1"))
                floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = await st.retriever.search("bench", query, k=8)
            latencies.append(time.perf_counter() - started)
            assert result.mode == ("hybrid" if hybrid else "lexical"), result.mode_reason
            hits += len(result.hits)
    return {
        "chunks": CHUNKS,
        "queries": QUERIES,
        "p50_ms": ms(pct(latencies, 0.5)),
        "p99_ms": ms(pct(latencies, 0.99)),
        "floor_p99_ms": ms(pct(floor, 0.99)),
        "p99_over_floor": round(pct(latencies, 0.99) / pct(floor, 0.99), 1),
        "mean_hits": round(hits / QUERIES, 2),
    }


async def retrieval(llm: ScriptedLLMServer) -> dict[str, Any]:
    llm.latency_s = 0.0
    lexical_settings = isolated_settings(rabbit=False)
    try:
        lexical = await retrieval_p99(lexical_settings, hybrid=False)
    finally:
        await cleanup(lexical_settings, [spec])
    os.environ["SESSIONHUB_BUILDER_EMBEDDINGS_MODEL"] = "bench-embedding"
    os.environ["SESSIONHUB_BUILDER_EMBEDDING_DIM"] = "128"
    os.environ["SESSIONHUB_BUILDER_EMBED_BATCH"] = "500"
    with tempfile.TemporaryDirectory(prefix="sessionhub-bench-pg-") as data:
        server = pgserver.get_server(data, cleanup_mode="stop")
        try:
            hybrid_settings = isolated_settings(
                rabbit=False,
                database_url=server.get_uri(),
                openai_base_url=llm.url,
                openai_api_key="bench",
            )
            hybrid = await retrieval_p99(hybrid_settings, hybrid=True)
        finally:
            server.cleanup()
    return {"lexical": lexical, "hybrid": {**hybrid, "embedding_dim": 128}}


PARTS = ("autosave", "generation", "retrieval")


async def main(parts: set[str]) -> None:
    result: dict[str, Any] = {"bench": "builder"}
    settings = isolated_settings(rabbit=False, log_level="WARNING", **shipped_pools())
    # The generation part serves the app in this process: its access log would bury the
    # figures, as the served processes' does not (they run at WARNING too).
    configure_logging(settings)
    targets: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="sessionhub-bench-builder-") as tmp:
        workdir = Path(tmp)
        if "autosave" in parts:
            try:
                result["autosave"] = await autosave(settings, workdir)
            finally:
                await cleanup(settings, [spec])
            a = result["autosave"]
            print(
                f"autosave ({SECTIONS} sections, {CLIENTS} clients): {a['api_rps']} req/s, p99 "
                f"{a['api_p99_ms']} ms; raw UPDATE {a['raw_rps']} req/s, p99 "
                f"{a['raw_p99_ms']} ms; ratio {a['throughput_ratio']} (target >= 0.5, p99 < "
                f"50 ms); server CPU {a['api_cpu_us_per_request']} us/request; the statement "
                f"alone through asyncpg {a['statement_only_rps']} req/s = "
                f"{a['statement_only_ratio']} of raw"
            )
            f = a["http_floor"]
            print(
                f"  the HTTP floor (FastAPI + asyncpg, the bare UPDATE of the same body): "
                f"{f['rps']} req/s = {a['http_floor_ratio_to_raw']} of raw, p99 {f['p99_ms']} "
                f"ms, {f['cpu_us_per_request']} us CPU/request; autosave = "
                f"{a['ratio_to_http_floor']} of the floor"
            )
            targets["autosave_throughput"] = a["throughput_ratio"] >= 0.5
            targets["autosave_p99"] = a["api_p99_ms"] < 50
        if parts & {"generation", "retrieval"}:
            async with ScriptedLLMServer() as llm:
                if "generation" in parts:
                    result["generation"] = g = await generation(llm, workdir)
                    print(
                        f"generation: one call {g['one_call_ms']} ms, four personas "
                        f"{g['one_generation_ms']} ms ({g['generation_over_one_call']}x, "
                        f"target <= 1.5); 1 worker {g['one_worker_per_s']}/s, 2 workers "
                        f"{g['two_workers_per_s']}/s ({g['scale_out_ratio']}x, target >= 1.8)"
                    )
                    targets["generation_latency"] = g["generation_over_one_call"] <= 1.5
                    targets["scale_out"] = g["scale_out_ratio"] >= 1.8
                if "retrieval" in parts:
                    result["retrieval"] = r = await retrieval(llm)
                    print(
                        f"retrieval over {CHUNKS} chunks: lexical p99 {r['lexical']['p99_ms']} "
                        f"ms, hybrid p99 {r['hybrid']['p99_ms']} ms (target < 50 ms)"
                    )
                    targets["retrieval_lexical_p99"] = r["lexical"]["p99_ms"] < 50
                    targets["retrieval_hybrid_p99"] = r["hybrid"]["p99_ms"] < 50
    result["targets_met"] = targets
    print(json.dumps(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="measure only these parts (all by default)",
    )
    asyncio.run(main(set(parser.parse_args().only)))
