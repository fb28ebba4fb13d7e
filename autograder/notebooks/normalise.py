"""nbgrader step: a submission's nbgrader metadata made to agree with the assignment.

nbgrader trusts the metadata a student's notebook carries. A solution cell
marked ``grade: true``, a test cell whose ``grade_id`` was renamed, or a cell
with invented nbgrader metadata makes ``nbgrader autograde`` fail for that
student ("There was an error processing assignment": no grade, no feedback).
And every graded cell of this course reports a changed checksum (the database
keeps the instructor's version, with the hidden tests), so a real edit drowns
in expected warnings.

:class:`NormaliseGradedCells` runs before nbgrader's ``OverwriteCells``: each
cell whose ``grade_id`` the assignment knows gets the assignment's metadata
(and, when locked, its source: the checks then agree and nbgrader stays quiet);
a cell with an unknown ``grade_id`` becomes an ordinary cell. Each real change
(an edited or re-flagged locked cell, an invented graded cell) is logged once
for the instructor and told to the student in a note at the top of the
notebook, which the feedback shows.
"""

from __future__ import annotations

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder.config import course
from autograder.languages import language
from autograder.notebooks.build import NBGRADER_SCHEMA_VERSION, strip_hidden_tests
from autograder.texts import NOTEBOOKS

NOTES_CELL_ID = "grader-notes"
FLAGS = ("grade", "solution", "locked", "task")


class NormaliseGradedCells(NbGraderPreprocessor):
    """Give every nbgrader cell the assignment's metadata; note what the student changed."""

    language = Unicode("", help="Language of the notes; empty means course.yaml's default.").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources.get("nbgrader", {})
        if not {"db_url", "notebook", "assignment"} <= info.keys():
            return nb, resources
        with Gradebook(info["db_url"]) as gradebook:
            try:
                source = gradebook.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            model = _Assignment(source)
        student = info.get("student", "?")
        notes = []
        for cell in nb.cells:
            change = model.normalise(cell)
            if change:
                key, grade_id = change
                self.log.warning("%s: %s (cell %s)", student, key.replace("_", " "), grade_id)
                notes.append((key, grade_id))
        if notes:
            add_notes(nb, [self._note(key, grade_id) for key, grade_id in notes])
        return nb, resources

    def _note(self, key: str, grade_id: str) -> str:
        lang = language(self.language or course().default_language)
        return NOTEBOOKS.text(f"note_{key}", lang, cell=grade_id)


class _Assignment:
    """The assignment's cells, from nbgrader's database."""

    def __init__(self, source) -> None:
        self.cells = {cell.name: cell for cell in source.source_cells}
        self.points = {cell.name: cell.max_score for cell in source.grade_cells}
        self.solutions = {cell.name for cell in source.solution_cells}
        self.tasks = {cell.name for cell in source.task_cells}

    def normalise(self, cell: NotebookNode) -> tuple[str, str] | None:
        """Make ``cell`` agree with the assignment; return (change, grade_id) for a real one."""
        nbgrader = cell.metadata.get("nbgrader")
        if not isinstance(nbgrader, dict) or "grade_id" not in nbgrader:
            return None
        grade_id = str(nbgrader["grade_id"])
        original = self.cells.get(grade_id)
        if original is None:
            del cell.metadata["nbgrader"]
            return ("unknown_cell", grade_id) if nbgrader.get("grade") else None
        expected = {"grade": grade_id in self.points, "solution": grade_id in self.solutions,
                    "locked": bool(original.locked), "task": grade_id in self.tasks}
        reflagged = any(bool(nbgrader.get(flag)) != value for flag, value in expected.items())
        edited = False
        if original.locked:
            shown = strip_hidden_tests(original.source) if expected["grade"] else original.source
            edited = cell.source not in (shown, original.source)
            cell.source = original.source
        if cell.cell_type != original.cell_type:
            reflagged = True
            cell.cell_type = original.cell_type
            if original.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
            else:
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
        nbgrader.update(expected, grade_id=grade_id, checksum=original.checksum,
                        schema_version=NBGRADER_SCHEMA_VERSION)
        if expected["grade"]:
            nbgrader["points"] = self.points[grade_id]
        else:
            nbgrader.pop("points", None)
        if utils.is_locked(cell) and utils.compute_checksum(cell) != original.checksum:
            return ("changed_cell", grade_id)  # nbgrader will say so; never silently
        if reflagged:
            return "reflagged_cell", grade_id
        return ("edited_cell", grade_id) if edited else None


def add_notes(nb: NotebookNode, lines: list[str]) -> None:
    """Append ``lines`` to the grader's note at the top of ``nb`` (created when missing)."""
    text = "\n".join(f"- {line}" for line in lines)
    for cell in nb.cells:
        if cell.get("id") == NOTES_CELL_ID:
            cell.source += "\n" + text
            return
    nb.cells.insert(0, new_markdown_cell(text, id=NOTES_CELL_ID))
