"""The registry of versioned event contracts.

Each event payload is a Pydantic model registered under its CloudEvents ``type``
(also the routing key) and an integer schema version. A breaking change is a new
model with the same type and the next version, never an edit of the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

_REGISTRY: dict[tuple[str, int], type[Event]] = {}


class Event(BaseModel):
    """Base of every event payload (the envelope's ``data``)."""

    # Consumers ignore fields added by newer producers of the same version.
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    producer: ClassVar[str]


E = TypeVar("E", bound=type[Event])


def event(event_type: str, *, version: int, producer: str) -> Callable[[E], E]:
    def register(cls: E) -> E:
        key = (event_type, version)
        if key in _REGISTRY and _REGISTRY[key] is not cls:
            raise ValueError(f"event {event_type} v{version} is already registered")
        cls.event_type = event_type
        cls.event_version = version
        cls.producer = producer
        _REGISTRY[key] = cls
        return cls

    return register


class UnknownEventError(LookupError):
    pass


def lookup(event_type: str, version: int) -> type[Event]:
    _load_catalog()
    try:
        return _REGISTRY[(event_type, version)]
    except KeyError:
        raise UnknownEventError(f"no contract for {event_type} v{version}") from None


def all_events() -> list[type[Event]]:
    _load_catalog()
    return [cls for _, cls in sorted(_REGISTRY.items(), key=lambda kv: kv[0])]


def catalog_events() -> list[type[Event]]:
    """The published contracts: those of the catalogue, not ones registered by tests."""
    return [cls for cls in all_events() if cls.__module__.startswith(__package__ + ".catalog")]


def _load_catalog() -> None:
    # Importing the catalogue registers every contract exactly once.
    import sessionhub.common.events.catalog  # noqa: F401
