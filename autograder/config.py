"""``course.yaml``: the schema and its loader.

The course file is the single source of truth for what is graded and for how
many points; every other part of the package asks this module.

The schema is made of msgspec structs: they validate the file as strictly as a
pydantic model would (types, bounds, unknown keys, with the path of what is
wrong), and importing them costs a few milliseconds where pydantic costs about a
numpy import: every ``grade`` and ``pytest`` run of a learner reads this module.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, field

from autograder.languages import LANGUAGES as LANGUAGES  # re-exported: the course's languages
from autograder.languages import Language
from autograder.paths import COURSE_FILE
from autograder.yamlfile import YamlFileError, load, struct_error

# What a class must not be graded without: the student process runs apart, limited, without
# any privilege, in a PID namespace (it cannot name another process), under seccomp and
# Landlock (it cannot read the solutions or the hidden tests).
REQUIRED_LAYERS = ("process", "rlimits", "no-capabilities", "pidns", "seccomp", "landlock-*")


class Schema(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A part of ``course.yaml``: every key is declared; an unknown one is an error."""


NonEmpty = Annotated[str, Meta(min_length=1)]
Positive = Annotated[float, Meta(gt=0)]


class Bilingual(Schema, kw_only=True):
    """A learner-facing text in both languages."""

    tr: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Language) -> str:
        return getattr(self, lang)


class SandboxLimits(Schema, kw_only=True):
    """Limits applied to every student process."""

    call_timeout_seconds: Annotated[float, Meta(gt=0, description=(
        "one call of a student function"))] = 1.0
    call_timeout_after_hang_seconds: Annotated[float, Meta(gt=0, description=(
        "one call, once a call of this submission has hung: a hang in a helper (softmax) "
        "would otherwise cost a full time-out in every function that uses it"))] = 0.25
    cell_timeout_seconds: Annotated[float, Meta(gt=0, description=(
        "one notebook cell at load time"))] = 10.0
    total_timeout_seconds: Annotated[float, Meta(gt=0, description=(
        "everything for one submission"))] = 60.0
    memory_mb: Annotated[int, Meta(ge=256, description=(
        "address space of the student process"))] = 1024
    output_kb: Annotated[int, Meta(ge=1, description=(
        "captured stdout/stderr kept for the report"))] = 64
    file_size_mb: Annotated[int, Meta(ge=1, description=(
        "largest file the student may write"))] = 16
    reply_mb: Annotated[int, Meta(ge=1, description=(
        "largest answer the grader accepts from one call of a student function (the checks' "
        "results are a few KB): a bigger one fails that call"))] = 16
    allowed_packages: Annotated[list[str], Meta(description=(
        "installed distributions student code may import, with what they require, besides "
        "the standard library; every other package is invisible to it"))] = field(
        default_factory=lambda: ["numpy", "matplotlib"])
    required_layers: Annotated[list[str], Meta(description=(
        "isolation layers without which grade-all refuses to grade a class (unless "
        "--allow-weak-sandbox); a name ending in '*' matches any version"))] = field(
        default_factory=lambda: list(REQUIRED_LAYERS))


    def missing_layers(self, layers: list[str]) -> list[str]:
        """The required layers not in ``layers``."""
        def present(required: str) -> bool:
            if required.endswith("*"):
                return any(layer.startswith(required[:-1]) for layer in layers)
            return required in layers

        return [name for name in self.required_layers if not present(name)]


class GradedFunction(Schema, kw_only=True):
    name: Annotated[str, Meta(pattern=r"^[a-z_][a-z0-9_]*$")]
    points: Positive
    builds_on: Annotated[list[str], Meta(description=(
        "graded functions this one is meant to reuse"))] = field(default_factory=list)


class Module(Schema, kw_only=True):
    id: str
    title: Bilingual
    notebook: Annotated[str, Meta(description="source notebook name, without extension")]
    quizzes: list[str] = field(default_factory=list)
    quiz_share: Annotated[float, Meta(ge=0, lt=1, description=(
        "the quiz's share of the module's grade in the class gradebook (0.2: the quiz is "
        "worth a fifth, the code four fifths)"))] = 0.2
    functions: list[GradedFunction]

    def quiz_points(self) -> float:
        """The gradebook points of this module's quiz (its code points fix the scale)."""
        code = sum(fn.points for fn in self.functions)
        return round(code * self.quiz_share / (1 - self.quiz_share), 4)


class Course(Schema, kw_only=True):
    """The whole ``course.yaml``."""

    schema_version: Literal[1]
    title: Bilingual
    default_language: Language = "tr"
    quiz_mode: Annotated[Literal["practice", "graded"], Meta(description=(
        "what the student package ships (student-package): practice = the quiz bank with "
        "its answer keys, for instant feedback (anyone who installs it can read the keys); "
        "graded = the questions only, quiz take records answers for the instructor to "
        "grade"))] = "practice"
    sandbox: SandboxLimits = field(default_factory=SandboxLimits)
    modules: list[Module]

    def __post_init__(self) -> None:
        """Names and ids are unique, and ``builds_on`` names graded functions."""
        seen: set[str] = set()
        for fn in self.functions():
            if fn.name in seen:
                raise ValueError(f"function {fn.name!r} is graded twice")
            seen.add(fn.name)
        for fn in self.functions():
            unknown = [name for name in fn.builds_on if name not in seen]
            if unknown:
                raise ValueError(f"{fn.name} builds on unknown functions {unknown}")
        ids = [m.id for m in self.modules]
        if len(ids) != len(set(ids)):
            raise ValueError(f"module ids must be unique, got {ids}")

    def functions(self) -> list[GradedFunction]:
        return [fn for module in self.modules for fn in module.functions]

    def points(self, function: str) -> float:
        for fn in self.functions():
            if fn.name == function:
                return fn.points
        raise KeyError(f"{function!r} is not a graded function in course.yaml")

    def builds_on(self, function: str) -> list[str]:
        for fn in self.functions():
            if fn.name == function:
                return list(fn.builds_on)
        return []

    def module_of(self, function: str) -> Module:
        for module in self.modules:
            if any(fn.name == function for fn in module.functions):
                return module
        raise KeyError(f"{function!r} is not a graded function in course.yaml")

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(f"no module {module_id!r} in course.yaml")


class CourseFileError(YamlFileError):
    """``course.yaml`` is missing or invalid; the message says where (file and line)."""


def load_course(path: Path | str = COURSE_FILE) -> Course:
    """Read and validate a course file.

    Raises:
        CourseFileError: one ``path:line: what is wrong`` line per problem.
    """
    data = load(path, error=CourseFileError)
    try:
        return msgspec.convert(data, Course)
    except msgspec.ValidationError as exc:
        raise struct_error(Path(path), exc, error=CourseFileError) from None


@cache
def course() -> Course:
    """The repository's own ``course.yaml``, read once (and remembered between runs)."""
    from autograder.compiled import package_file, remembered

    return remembered("course", [COURSE_FILE, Path(__file__), package_file(
        "msgspec", "_version.py")], lambda: load_course(COURSE_FILE))
