"""The course's languages: one constant, importable without the course schema (pydantic)."""

from __future__ import annotations

from typing import Literal

Language = Literal["tr", "en"]
LANGUAGES: tuple[Language, ...] = ("tr", "en")


def language(value: str) -> Language:
    """``value`` as a :data:`Language`.

    Raises:
        ValueError: ``value`` is not one of :data:`LANGUAGES`.
    """
    for known in LANGUAGES:
        if value == known:
            return known
    raise ValueError(f"not a course language: {value!r} (languages: {', '.join(LANGUAGES)})")
