"""Event contracts and delivery: CloudEvents envelope, outbox, relay, consumers."""

from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.registry import Event, all_events, event, lookup

__all__ = ["Envelope", "Event", "all_events", "event", "lookup"]
