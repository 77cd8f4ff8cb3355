"""Reference data the setup form picks from."""

from __future__ import annotations

from pydantic import BaseModel


class Named(BaseModel):
    id: int
    name: str
    description: str


class Location(BaseModel):
    id: int
    name: str
    kind: str
    timezone: str


class ReferenceData(BaseModel):
    categories: list[Named]
    audiences: list[Named]
    tones: list[Named]
    locations: list[Location]
