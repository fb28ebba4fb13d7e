"""A learner-facing text in both languages, for the pydantic schemas (quiz bank, notebook
sources). ``course.yaml``'s titles use :class:`autograder.config.Bilingual`, the same
pair without pydantic (see that module)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from autograder.languages import Language


class Bilingual(BaseModel):
    """``{tr: ..., en: ...}``: the same text in Turkish and English, neither empty."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    tr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: Language) -> str:
        return getattr(self, lang)
