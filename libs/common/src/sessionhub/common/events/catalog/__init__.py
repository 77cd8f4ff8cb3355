"""Every event contract SessionHub publishes, grouped by producing domain."""

from sessionhub.common.events.catalog import builder, chat, grading, sessions

__all__ = ["builder", "chat", "grading", "sessions"]
