"""The course's languages: one constant, importable without the course schema (pydantic)."""

from __future__ import annotations

from typing import Literal

Language = Literal["tr", "en"]
LANGUAGES: tuple[Language, ...] = ("tr", "en")
