"""Prometheus metrics shared by every process (one registry per process)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_LATENCY = Histogram(
    "sessionhub_http_request_duration_seconds",
    "HTTP request latency by route template.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter(
    "sessionhub_events_published_total", "Events relayed from an outbox.", ["source", "type"]
)
EVENTS_UNROUTABLE = Counter(
    "sessionhub_events_unroutable_total", "Events no queue was bound to.", ["type"]
)
EVENTS_CONSUMED = Counter(
    "sessionhub_events_consumed_total", "Events handled by a consumer.", ["queue", "outcome"]
)
EVENTS_RETRIED = Counter(
    "sessionhub_events_retried_total", "Event deliveries scheduled for retry.", ["queue"]
)
EVENTS_DEAD_LETTERED = Counter(
    "sessionhub_events_dead_lettered_total", "Events parked in a dead-letter queue.", ["queue"]
)
OUTBOX_LAG = Gauge(
    "sessionhub_outbox_lag_seconds", "Age of the oldest unpublished outbox row.", ["source"]
)
HANDLER_DURATION = Histogram(
    "sessionhub_event_handler_duration_seconds", "Time spent handling one event.", ["queue"]
)
