"""Personas: the YAML shipped with the service, optionally extended by a helper's file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from sessionhub.common.errors import UnprocessableEntity


class ModelParams(BaseModel):
    model: str | None = Field(None, description="Overrides SESSIONHUB_OPENAI_MODEL.")
    temperature: float | None = Field(None, ge=0, le=2)
    max_tokens: int | None = Field(None, ge=1)
    top_p: float | None = Field(None, gt=0, le=1)
    presence_penalty: float | None = Field(None, ge=-2, le=2)
    frequency_penalty: float | None = Field(None, ge=-2, le=2)

    def completion_params(self) -> dict[str, Any]:
        return self.model_dump(exclude={"model"}, exclude_none=True)


class ToolSpec(BaseModel):
    name: str = Field(pattern=r"^[a-zA-Z0-9_-]{1,64}$")
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object"})

    def openai(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }


class Persona(BaseModel):
    id: str
    name: str
    description: str
    system_prompt: str
    model: ModelParams = Field(default_factory=ModelParams)
    context_tokens: int | None = Field(None, ge=256)
    tools: list[ToolSpec] = Field(default_factory=list)
    offline_opening: str = "Thanks for your message."


class PersonaPublic(BaseModel):
    id: str
    name: str
    description: str
    system_prompt: str
    model: ModelParams
    tools: list[ToolSpec]


class PersonaCatalog:
    def __init__(self, personas: dict[str, Persona]) -> None:
        if "default" not in personas:
            raise ValueError("the persona catalogue needs a 'default' persona")
        self._personas = personas

    @classmethod
    def load(cls, extra_file: Path | None = None) -> PersonaCatalog:
        shipped = resources.files("sessionhub.chat").joinpath("personas.yaml").read_text()
        raw: dict[str, Any] = yaml.safe_load(shipped)
        if extra_file is not None:
            raw.update(yaml.safe_load(extra_file.read_text()) or {})
        return cls(
            {key: Persona.model_validate({"id": key, **value}) for key, value in raw.items()}
        )

    @property
    def ids(self) -> list[str]:
        return sorted(self._personas)

    def all(self) -> list[Persona]:
        return [self._personas[key] for key in self.ids]

    def get(self, persona_id: str) -> Persona:
        """The persona, or a 422 naming the valid ones."""
        try:
            return self._personas[persona_id]
        except KeyError:
            raise UnprocessableEntity(
                f"Unknown persona '{persona_id}'. Valid personas: {', '.join(self.ids)}.",
                extra={"valid_personas": self.ids},
            ) from None

    def resolve(self, persona_id: str) -> Persona:
        """A stored session's persona; one removed from the catalogue falls back to default."""
        return self._personas.get(persona_id, self._personas["default"])


class PersonaList(BaseModel):
    data: list[PersonaPublic]
