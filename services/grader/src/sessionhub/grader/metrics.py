"""Grader metrics, next to the event metrics every process exports.

Queue length is not measured here: RabbitMQ knows it (management API, or the KEDA
scaler reading it); see the README's operations section.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

GRADINGS = Counter(
    "sessionhub_grader_gradings_total",
    "Grading requests handled, by the grader that decided and the outcome "
    "(graded, failed, duplicate).",
    ["grader", "outcome"],
)
GRADING_DURATION = Histogram(
    "sessionhub_grader_grading_duration_seconds",
    "Time one grader spent on one transcript, failed LLM attempts included.",
    ["grader"],
    buckets=(0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80),
)
FALLBACKS = Counter(
    "sessionhub_grader_fallbacks_total",
    "Gradings the heuristic took over from the LLM grader, by reason.",
    ["reason"],
)
