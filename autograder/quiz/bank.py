"""Load and validate the quiz bank: every file ``course.yaml`` lists, plus the sections.

Errors are collected, not raised one by one, and each names the file, the
line and the item id, e.g.
``quizzes/module02.yaml:118: m02-softmax-03: missing translation 'en' (explanation.en)``.
"""

from __future__ import annotations

import string
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

from autograder.config import LANGUAGES, CourseFileError, course
from autograder.paths import REPO_ROOT
from autograder.quiz.schema import (
    ITEM_TYPES,
    BankFileHeader,
    Item,
    Section,
    SectionsFile,
)
from autograder.quiz.variants import VARIANTS_PER_ITEM, VariantError, make_question
from autograder.yamlfile import YamlFileError, line_of, read_yaml

SECTIONS_FILE = REPO_ROOT / "quizzes" / "sections.yaml"
VALIDATION_SEEDS = range(VARIANTS_PER_ITEM)  # every variant of a parametrised item is drawn


@cache
def item_adapter() -> TypeAdapter[Item]:
    """Validates one item of any type (built on first use: a remembered bank needs none)."""
    return TypeAdapter(Item)


@dataclass(frozen=True)
class Issue:
    """One problem in the bank, located as precisely as the YAML allows."""

    file: str
    line: int | None
    item_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        who = f" {self.item_id}:" if self.item_id else ""
        return f"{where}:{who} {self.message}"


class BankError(Exception):
    """The bank has problems; ``issues`` lists all of them."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass
class Bank:
    sections: dict[str, Section]
    items: list[Item]
    module_of: dict[str, str] = field(default_factory=dict)  # item id -> module id
    location: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def select(
        self, modules: list[str] | None = None, sections: list[str] | None = None
    ) -> list[Item]:
        """Items of the given modules and sections (all when None), in bank order."""
        return [
            item
            for item in self.items
            if (not modules or self.module_of[item.id] in modules)
            and (not sections or item.section in sections)
        ]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _describe(error: ErrorDetails) -> str:
    loc = [part for part in error["loc"] if part not in ITEM_TYPES]
    dotted = ".".join(str(p) for p in loc)
    if error["type"] == "missing" and loc and loc[-1] in LANGUAGES:
        return f"missing translation '{loc[-1]}' ({dotted})"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "bool_type" and isinstance(error.get("input"), str):
        message += " (write true or false; 'yes', 'no', 'on', 'off' are text here)"
    if error["type"] in {"float_type", "int_type"} and isinstance(error.get("input"), str):
        message += f" (got the text {error['input']!r})"
    return f"{message} ({dotted})" if dotted else message


def _item_loc(error: ErrorDetails) -> tuple:
    return tuple(part for part in error["loc"] if part not in ITEM_TYPES)


def load_sections(path: Path = SECTIONS_FILE) -> tuple[dict[str, Section], list[Issue]]:
    name = _relative(path)
    try:
        data, node = read_yaml(path)
    except YamlFileError as exc:
        return {}, [Issue(name, line, None, what) for line, what in exc.problems]
    try:
        parsed = SectionsFile.model_validate(data)
    except ValidationError as exc:
        return {}, [Issue(name, line_of(node, e["loc"]), None, _describe(e)) for e in exc.errors()]
    return {s.id: s for s in parsed.sections}, []


def _check_placeholders(item: Item, values: dict) -> list[str]:
    problems = []
    known = set(values) | {"value", "answer"}
    for text in item.templates():
        for lang in LANGUAGES:
            for _, name, _, _ in string.Formatter().parse(text(lang)):
                if name is not None and name not in known:
                    problems.append(f"unknown placeholder {{{name}}} in a {lang} text")
    return problems


def _check_grading(item: Item) -> list[str]:
    """Grade the item as a student would see it (unanswered, and with each mistake's value),
    in both languages: whatever fails here would fail for every student at grading time."""
    from autograder.quiz.grading import grade_response

    try:
        question = make_question(item, VALIDATION_SEEDS[0])
    except Exception:  # reported by the generator checks below
        return []
    responses = [None, *(d.value for d in question.distractors)]
    for lang in LANGUAGES:
        for response in responses:
            try:
                grade_response(question, response, lang)
            except Exception as exc:
                return [f"grading it fails ({lang}): {type(exc).__name__}: {exc}"]
    return []


def _check_item(item: Item, sections: dict[str, Section], module: str) -> list[str]:
    """Checks that need the sections or the generators."""
    problems = []
    section = sections.get(item.section)
    if section is None:
        problems.append(f"unknown section {item.section!r}; known: {', '.join(sorted(sections))}")
    else:
        if section.module != module:
            problems.append(f"section {item.section!r} belongs to {section.module}, not {module}")
        if item.objective not in {o.id for o in section.objectives}:
            problems.append(f"objective {item.objective!r} is not one of section {section.id}'s")
    if item.parametrised:
        for seed in VALIDATION_SEEDS:
            try:
                question = make_question(item, seed)
            except VariantError as exc:
                problems.append(f"seed {seed}: {exc}")
                break
            except Exception as exc:  # a generator bug must not hide the other items
                problems.append(f"seed {seed}: generator failed: {type(exc).__name__}: {exc}")
                break
        else:
            problems += _check_placeholders(item, question.values)
    return problems


def load_bank(files: list[Path] | None = None, sections_file: Path = SECTIONS_FILE,
              *, thorough: bool = False) -> Bank:
    """Read and validate the bank; raise ``BankError`` listing every problem.

    Without arguments: the course's bank, remembered between runs (validation draws every
    variant of every parametrised item), or in the student package the practice bank it
    ships (:mod:`autograder.quiz.compiled`).

    Args:
        thorough: also grade every item as a student would see it (``quiz validate``), so
            that nothing that passes validation can fail at grading time (never remembered).

    Raises:
        BankError: the bank has problems, or this copy has no answer keys (a graded
            course's student package; see ``compiled.questions_only``).
    """
    if files is None and sections_file == SECTIONS_FILE:
        from autograder.quiz import compiled

        if not SECTIONS_FILE.exists() and compiled.shipped() is not None:
            return compiled.practice_bank()  # checked when the package was built
        if not thorough:
            return compiled.remembered_bank(lambda: _load_bank(None, sections_file))
    return _load_bank(files, sections_file, thorough=thorough)


def _load_bank(files: list[Path] | None, sections_file: Path, *, thorough: bool = False) -> Bank:
    issues: list[Issue] = []
    sections, section_issues = load_sections(sections_file)
    issues += section_issues
    if files is None:
        try:
            files = [REPO_ROOT / f for m in course().modules for f in m.quizzes]
        except CourseFileError as exc:
            raise BankError([Issue("course.yaml", None, None, str(exc))]) from None
    bank = Bank(sections=sections, items=[])
    seen: dict[str, str] = {}
    for path in files:
        name = _relative(Path(path))
        try:
            data, node = read_yaml(Path(path))
        except YamlFileError as exc:
            issues.extend(Issue(name, line, None, what) for line, what in exc.problems)
            continue
        try:
            header = BankFileHeader.model_validate(data)
        except ValidationError as exc:
            issues += [
                Issue(name, line_of(node, e["loc"]), None, _describe(e)) for e in exc.errors()
            ]
            continue
        for index, raw in enumerate(header.items):
            item_id = raw.get("id") if isinstance(raw, dict) else None
            item_id = item_id if isinstance(item_id, str) else f"item #{index + 1}"
            base = ("items", index)
            try:
                item = item_adapter().validate_python(raw)
            except ValidationError as exc:
                issues += [
                    Issue(name, line_of(node, base + _item_loc(e)), item_id, _describe(e))
                    for e in exc.errors()
                ]
                continue
            line = line_of(node, base)
            if item.id in seen:
                issues.append(
                    Issue(name, line, item.id, f"duplicate id (first in {seen[item.id]})")
                )
                continue
            seen[item.id] = f"{name}:{line}"
            problems = _check_item(item, sections, header.module)
            problems += _check_grading(item) if thorough and not problems else []
            issues += [Issue(name, line, item.id, p) for p in problems]
            bank.items.append(item)
            bank.module_of[item.id] = header.module
            bank.location[item.id] = (name, line)
    if issues:
        raise BankError(issues)
    return bank


def counts(bank: Bank) -> dict[str, Counter]:
    """Item counts by section, type and difficulty (for reports)."""
    return {
        "section": Counter(i.section for i in bank.items),
        "type": Counter(i.type for i in bank.items),
        "difficulty": Counter(i.difficulty for i in bank.items),
        "parametrised": Counter(i.section for i in bank.items if i.parametrised),
    }
