"""The assignment a notebook answers: its locked cells, restored from the release.

A released course notebook has, besides the student's solution cells, locked
cells (nbgrader's ``locked``): the setup cell, given helpers such as
``as_float``, the ``check(...)`` cells, and the graded test cells. A student may
delete or edit them in Jupyter; the grader must not let that cost (or earn)
anything. :func:`restore_locked_cells` puts back, by nbgrader ``grade_id``,
every locked cell of the release (edited ones get the release's source, deleted
ones come back in their place), treats a cell as a test cell only when the
release says so, and lets every other cell run as the student's code (a cell
whose nbgrader metadata was edited, or invented, is just student code). It
returns notes for the student's report, which say what was restored.

The release is the notebook in ``exercises/<lang>/``, the one students receive
(``python -m autograder build-notebooks`` writes it with nbgrader), in the language
the submitted notebook was made in (whatever the language of the feedback).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.config import LANGUAGES, Course, Language, Module
from autograder.paths import EXERCISES_DIR


@dataclass(frozen=True)
class ReleasedCell:
    """One nbgrader cell of the release."""

    grade_id: str
    kind: str  # "locked" (setup, given code, checks), "test" or "solution"
    source: str


@dataclass(frozen=True)
class Release:
    """The released notebook of one module, in each language it exists in."""

    notebook: str
    languages: dict[Language, tuple[ReleasedCell, ...]]

    def cells_for(self, notebook: dict) -> tuple[ReleasedCell, ...]:
        """The release's cells in the language ``notebook`` was made in: the one whose locked
        cells it holds unchanged most often (ties: its own ``course.language`` metadata)."""
        cells = [c for c in notebook.get("cells", []) if isinstance(c, dict)]
        sources: dict[str, str] = {}
        for cell in cells:
            grade_id = _nbgrader(cell).get("grade_id")
            if isinstance(grade_id, str):
                sources.setdefault(grade_id, _source(cell))
        meta = notebook.get("metadata")
        course_meta = meta.get("course") if isinstance(meta, dict) else None
        claimed = course_meta.get("language") if isinstance(course_meta, dict) else None

        def matches(lang: Language) -> tuple[int, bool]:
            same = sum(sources.get(cell.grade_id) == cell.source
                       for cell in self.languages[lang] if cell.kind != "solution")
            return same, lang == claimed

        return self.languages[max(self.languages, key=matches)]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def _nbgrader(cell: object) -> dict:
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbgrader if isinstance(nbgrader, dict) else {}


def _kind(nbgrader: dict) -> str | None:
    if nbgrader.get("solution"):
        return "solution"
    if nbgrader.get("grade"):
        return "test"
    return "locked" if nbgrader.get("locked") else None


@cache
def load_release(notebook: str, exercises_dir: Path = EXERCISES_DIR) -> Release | None:
    """The release of ``notebook`` in every language found; None if there is none."""
    languages = {}
    for lang in LANGUAGES:
        path = exercises_dir / lang / f"{notebook}.ipynb"
        if path.is_file():
            cells = []
            for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
                nbgrader = _nbgrader(cell)
                kind = _kind(nbgrader)
                if kind and cell.get("cell_type") == "code" and nbgrader.get("grade_id"):
                    cells.append(ReleasedCell(str(nbgrader["grade_id"]), kind, _source(cell)))
            languages[lang] = tuple(cells)
    return Release(notebook, languages) if languages else None


def assignment_module(path: Path, config: Course, functions: list[str] | None,
                      module: str | None) -> Module | None:
    """The module a submission is graded as: ``module``; else (a notebook) the one whose
    notebook its file name is; else the one all ``functions`` belong to."""
    if module:
        return config.module(module)
    if path.suffix == ".ipynb":
        named = next((m for m in config.modules if path.stem == m.notebook), None)
        if named is not None:
            return named
    if functions:
        modules = {config.module_of(name).id for name in functions}
        return config.module(modules.pop()) if len(modules) == 1 else None
    return None


def release_for(path: Path | str, config: Course, functions: list[str] | None = None,
                module: str | None = None) -> Release | None:
    """The release whose locked cells a notebook at ``path`` is restored against."""
    assignment = assignment_module(Path(path), config, functions, module)
    return load_release(assignment.notebook) if assignment is not None else None


def restore_locked_cells(notebook: dict, release: Release) -> list[tuple[str, dict]]:
    """Restore ``notebook``'s cells in place against ``release``; return notes (key, params).

    Afterwards a cell carries nbgrader test metadata exactly when the release has
    a test cell of its ``grade_id``; locked cells hold the release's source.

    A notebook none of whose cells carries a ``grade_id`` of the release was not made
    from it (a notebook of the student's own, a ``.py`` turned into a notebook): it is
    left as it is, with nothing restored, since there is nothing to match its cells to.
    """
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return []
    model_cells = release.cells_for(notebook)
    released = {cell.grade_id: cell for cell in model_cells}
    ids = (_nbgrader(c).get("grade_id") for c in cells if isinstance(c, dict))
    if not any(isinstance(grade_id, str) and grade_id in released for grade_id in ids):
        return []
    notes: list[tuple[str, dict]] = []
    present: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        nbgrader = _nbgrader(cell)
        grade_id = nbgrader.get("grade_id")
        model = released.get(grade_id) if isinstance(grade_id, str) else None
        if model is None:
            if nbgrader:  # invented or edited nbgrader metadata: it is the student's code
                cell.setdefault("metadata", {}).pop("nbgrader", None)
            continue
        present.setdefault(model.grade_id, index)
        if model.kind == "solution":
            cell["metadata"]["nbgrader"] = {"grade_id": model.grade_id, "solution": True}
            continue
        if model.kind == "locked" and _source(cell) != model.source:
            notes.append(("load.locked_replaced", {"cell": model.grade_id}))
        cell.update(cell_type="code", source=model.source)
        cell["metadata"]["nbgrader"] = {"grade_id": model.grade_id, "locked": True,
                                        "grade": model.kind == "test"}
    missing = [cell for cell in model_cells if cell.grade_id not in present]
    for model in missing:
        position = 0
        for earlier in model_cells[: model_cells.index(model)]:
            if earlier.grade_id in present:
                position = present[earlier.grade_id] + 1
        cells.insert(position, {
            "cell_type": "code", "source": model.source, "outputs": [], "execution_count": None,
            "metadata": {"nbgrader": {"grade_id": model.grade_id, "locked": True,
                                      "grade": model.kind == "test"}},
        })
        present = {gid: (i + 1 if i >= position else i) for gid, i in present.items()}
        present[model.grade_id] = position
        if model.kind == "locked":
            notes.append(("load.locked_restored", {"cell": model.grade_id}))
    return notes
