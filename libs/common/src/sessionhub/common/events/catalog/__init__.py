"""Every event contract SessionHub publishes, grouped by producing domain."""

from sessionhub.common.events.catalog import chat, grading, sessions

__all__ = ["chat", "grading", "sessions"]
