"""Which ``.ipynb`` files are course notebooks, and which module and language they hold.

A notebook belongs to the course when its file name is a module's ``notebook``
in ``course.yaml`` (``module02_attention.ipynb``), when its metadata names a
module (``metadata.course.module``, written by the notebook builder), or when
its nbgrader cells name graded functions (``solution_softmax``,
``test_softmax``...), which keeps a renamed copy recognisable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.config import LANGUAGES, Course, Language, Module

GRADE_ID = re.compile(r"^(?:solution|test|check)_([a-z_][a-z0-9_]*)$")


@dataclass(frozen=True)
class CourseNotebook:
    """A notebook file recognised as one module's exercises."""

    path: Path
    module: Module
    language: Language | None  # from the notebook's metadata, when it says

    @property
    def functions(self) -> list[str]:
        return [fn.name for fn in self.module.functions]


def identify(path: Path, config: Course) -> CourseNotebook | None:
    """The module ``path`` holds, or None when it is not a course notebook (or unreadable)."""
    path = Path(path)
    metadata, grade_ids = _read(path)
    claimed = (metadata.get("course") or {}).get("language") if metadata else None
    language = next((known for known in LANGUAGES if known == claimed), None)
    for module in config.modules:
        if path.stem == module.notebook:
            return CourseNotebook(path, module, language)
    module_id = (metadata.get("course") or {}).get("module") if metadata else None
    for module in config.modules:
        if module_id == module.id:
            return CourseNotebook(path, module, language)
    for grade_id in grade_ids:
        match = GRADE_ID.match(grade_id)
        if match:
            try:
                return CourseNotebook(path, config.module_of(match.group(1)), language)
            except KeyError:
                continue
    return None


def _read(path: Path) -> tuple[dict, list[str]]:
    """The notebook's metadata and its cells' nbgrader ``grade_id``s; empty if unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}, []
    if not isinstance(data, dict):
        return {}, []
    found = data.get("metadata")
    metadata: dict = found if isinstance(found, dict) else {}
    if not isinstance(metadata.get("course", {}), dict):
        metadata = {k: v for k, v in metadata.items() if k != "course"}
    grade_ids = []
    for cell in data.get("cells") or []:
        nbgrader = cell.get("metadata", {}).get("nbgrader") if isinstance(cell, dict) else None
        if isinstance(nbgrader, dict) and isinstance(nbgrader.get("grade_id"), str):
            grade_ids.append(nbgrader["grade_id"])
    return metadata, grade_ids



def find_notebooks(
    paths: list[Path], config: Course
) -> tuple[dict[str, CourseNotebook], list[Path], dict[str, list[Path]]]:
    """The course notebooks among ``paths`` (files, or folders searched recursively).

    Returns:
        ``(found, missing, duplicates)``: one notebook per module id, the paths that do
        not exist, and per module the other notebooks of the same module that were not
        chosen (``module02_attention-Copy1.ipynb``). The notebook with the module's own
        file name (``module02_attention.ipynb``) wins; among others, the first in order.
    """
    candidates_by_module: dict[str, list[CourseNotebook]] = {}
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(
                p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
            )
        elif path.is_file():
            candidates = [path]
        else:
            missing.append(path)
            continue
        for candidate in candidates:
            notebook = identify(candidate, config)
            if notebook is not None:
                candidates_by_module.setdefault(notebook.module.id, []).append(notebook)
    found: dict[str, CourseNotebook] = {}
    duplicates: dict[str, list[Path]] = {}
    for module_id, notebooks in candidates_by_module.items():
        canonical = [n for n in notebooks if n.path.stem == n.module.notebook]
        chosen = (canonical or notebooks)[0]
        found[module_id] = chosen
        others = [n.path for n in notebooks if n is not chosen]
        if others:
            duplicates[module_id] = others
    return found, missing, duplicates
