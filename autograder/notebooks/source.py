"""The single bilingual source of a module's notebook: schema and loader.

A source file (``solutions/source/<notebook>.yaml``) is a list of cells. Each
learner-facing text is given in both languages side by side, so the Turkish
and English notebooks share one structure, one code and one set of points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from autograder.bilingual import Bilingual
from autograder.languages import Language
from autograder.paths import SOLUTIONS_DIR
from autograder.yamlfile import YamlFileError, load_model

SOURCE_DIR = SOLUTIONS_DIR / "source"


class _Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _code_text_field():
    return Field(
        default_factory=list,
        description="the English and Turkish of each comment and docstring in the cell's code "
        "(English exactly as the code has it; see autograder/notebooks/code_text.py)",
    )


class MarkdownCell(_Cell):
    """Prose: the same cell in both languages."""

    kind: Literal["markdown"] = "markdown"
    markdown: Bilingual
    claims: list[str] = Field(
        default_factory=list,
        description="Python expressions, true after the cells above have run, that back the "
        "numbers and trends this text states; tests/notebooks evaluates them in the kernel",
    )


class BilingualValue(BaseModel):
    """A value shown to the learner in a code cell: a string or a list of strings per language."""

    model_config = ConfigDict(extra="forbid")
    tr: str | list[str]
    en: str | list[str]

    def __call__(self, lang: Language) -> str | list[str]:
        return getattr(self, lang)


class CodeCell(_Cell):
    """A demo cell the learner runs and may change.

    ``{{key}}`` in ``code`` is replaced by the Python literal of ``text[key]`` in
    the notebook's language (plot titles, printed labels); all else is shared.
    """

    kind: Literal["code"] = "code"
    code: str = Field(min_length=1)
    text: dict[str, BilingualValue] = Field(default_factory=dict)
    code_text: list[Bilingual] = _code_text_field()


class SetupCell(_Cell):
    """The locked first code cell: imports and the self-check import."""

    kind: Literal["setup"] = "setup"
    setup: str = Field(min_length=1)
    code_text: list[Bilingual] = _code_text_field()


class GivenCell(_Cell):
    """A locked cell with helper functions copied from ``solutions/`` (not graded)."""

    kind: Literal["given"] = "given"
    given: list[str] = Field(description="names of helper functions in solutions/")
    code: str | None = Field(None, description="more given code, after the helpers")
    markdown: Bilingual | None = None
    code_text: list[Bilingual] = _code_text_field()
    code_text_from: list[str] = Field(
        default_factory=list,
        description="other notebook sources (e.g. module02_attention) whose code_text pairs "
        "translate the given functions: an earlier module's functions keep one translation",
    )


class ExerciseCell(_Cell):
    """One graded function: task text, solution cell, check cell, autograded test cell."""

    kind: Literal["exercise"] = "exercise"
    exercise: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    task: Bilingual = Field(description="what to implement, shown above the solution cell")
    code_text: list[Bilingual] = _code_text_field()


Cell = Annotated[
    MarkdownCell | CodeCell | SetupCell | GivenCell | ExerciseCell,
    Field(discriminator="kind"),
]


class NotebookSource(BaseModel):
    """One module's notebook in both languages."""

    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1]
    module: str = Field(description="module id in course.yaml")
    cells: list[Cell] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _tag_cells(cls, data):
        """Let the YAML say ``- markdown: ...`` instead of ``- kind: markdown``."""
        if isinstance(data, dict) and isinstance(data.get("cells"), list):
            data = dict(data)
            data["cells"] = [_with_kind(cell) for cell in data["cells"]]
        return data

    def exercises(self) -> list[str]:
        return [cell.exercise for cell in self.cells if isinstance(cell, ExerciseCell)]


_KINDS = ("exercise", "setup", "given", "code", "markdown")


def _with_kind(cell):
    if not isinstance(cell, dict) or "kind" in cell:
        return cell
    for kind in _KINDS:  # the first matching key wins: an exercise may carry markdown
        if kind in cell:
            return {"kind": kind, **cell}
    return cell


class NotebookSourceError(YamlFileError):
    """A source file is missing or invalid; the message says where (file and line)."""


def load_source(path: Path | str) -> NotebookSource:
    """Read and validate one source file.

    Raises:
        NotebookSourceError: one ``path:line: what is wrong`` line per problem.
    """
    return load_model(path, NotebookSource.model_validate, tags=_KINDS,
                      error=NotebookSourceError)


def source_path(notebook: str, source_dir: Path = SOURCE_DIR) -> Path:
    return source_dir / f"{notebook}.yaml"
