"""``nbgrader autograde`` with the course engine instead of nbgrader's kernel.

nbgrader's stock ``Execute`` step runs the student's cells and the test cells
in one kernel and reads the verdict from the test cells' outputs, so a
submission can patch whatever the tests use. :class:`EngineAutograde` takes
its place in ``Autograde.autograde_preprocessors``: it grades the sanitized
notebook (locked cells already restored by nbgrader) with
:func:`autograder.engine.grade_path`, which runs the student's code in an
isolated process, and writes each autograded test cell's output from the
engine's result for that function: the feedback as text, then the score as the
single number nbgrader reads as partial credit. No cell is executed in
nbgrader's kernel, so ``nbgrader autograde`` and ``python -m autograder grade``
agree by construction.

It also removes the hidden-test blocks from the notebook it hands on, so the
autograded notebook, and the feedback generated from it, never contain them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import DeduplicateIds, NbGraderPreprocessor
from traitlets import Unicode

from autograder.config import course
from autograder.languages import Language, language
from autograder.notebooks.build import (
    NBGRADER_SCHEMA_VERSION,
    format_points,
    strip_hidden_tests,
)
from autograder.notebooks.normalise import add_notes
from autograder.texts import NOTEBOOKS

TEST_ID_PREFIX = "test_"


def tested_function(cell: NotebookNode) -> str | None:
    """The graded function of an autograded test cell, or None for any other cell."""
    if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
        return None
    grade_id = cell.metadata.nbgrader.get("grade_id", "")
    return grade_id.removeprefix(TEST_ID_PREFIX) if grade_id.startswith(TEST_ID_PREFIX) else None


class DeduplicateGradeIds(DeduplicateIds):
    """nbgrader's ``DeduplicateIds``, fixed: a copy of a cell becomes an ordinary cell.

    The stock step leaves ``metadata.nbgrader = {}`` on the copy, which the
    metadata check then rejects as an outdated schema, failing the whole
    submission. Here the copy loses its ``nbgrader`` metadata entirely; the
    original (the last occurrence, as in nbgrader) stays graded.
    """

    def preprocess_cell(self, cell: NotebookNode, resources: dict, cell_index: int):
        if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
            return cell, resources
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in self.grade_ids:
            self.log.warning("Cell %r appears more than once; the copy is kept as an "
                             "ordinary cell", grade_id)
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources


class EngineAutograde(NbGraderPreprocessor):
    """Score every autograded test cell with the course engine (replaces ``Execute``)."""

    language = Unicode(
        "",
        help="Language of the feedback, 'tr' or 'en'; empty means course.yaml's default_language.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        from autograder.cells import GradedCell

        lang = language(self.language or course().default_language)
        self._restore_missing_tests(nb, resources)
        known = {fn.name for fn in course().functions()}
        tests: dict[str, list[NotebookNode]] = {}
        others: list[tuple[NotebookNode, GradedCell]] = []
        for cell in nb.cells:
            if not (cell.cell_type == "code" and utils.is_grade(cell)
                    and not utils.is_solution(cell)):
                continue
            full_source = cell.source
            cell.source = strip_hidden_tests(cell.source)
            name = tested_function(cell)
            if name in known:
                tests.setdefault(name, []).append(cell)
            else:  # a quiz cell or an instructor's own check: graded for real, never free
                nbgrader = cell.metadata.nbgrader
                others.append((cell, GradedCell(str(nbgrader["grade_id"]), full_source,
                                                float(nbgrader.get("points", 0)))))
        if not tests and not others:
            return nb, resources
        notebook_id = resources.get("nbgrader", {}).get("notebook", "submission")
        with tempfile.TemporaryDirectory(prefix="engine-autograde-") as tmp:
            path = Path(tmp) / f"{notebook_id}.ipynb"
            nbformat.write(nb, str(path))
            try:
                if tests:
                    self._grade_functions(nb, path, tests, lang)
                if others:
                    self._grade_other_cells(path, others, lang)
            except Exception:
                self.log.error("The course engine could not grade %s; no grades recorded "
                               "for it. Run `python -m autograder grade` on it for details.",
                               notebook_id)
                raise
        return nb, resources

    def _grade_functions(self, nb: NotebookNode, path: Path,
                         tests: dict[str, list[NotebookNode]], lang: Language) -> None:
        from autograder.engine import grade_path

        report = grade_path(path, lang=lang, functions=sorted(tests))
        self.log.info("Engine: %s/%s points for %s", report.score, report.max_score, path.stem)
        for name, cells in tests.items():
            for cell in cells:
                cell.outputs = self._outputs(name, cell, report, lang)
                cell.execution_count = None
        if report.load_notes:  # what was restored or went wrong while loading: always shown
            add_notes(nb, [NOTEBOOKS.text("note_engine_notes", lang), *report.load_notes])

    def _grade_other_cells(self, path: Path, others: list, lang: Language) -> None:
        from autograder.cells import grade_cells

        results = grade_cells(path, [graded for _, graded in others], course())
        for cell, graded in others:
            result = results[graded.grade_id]
            shown = {"name": graded.grade_id, "score": format_points(result.score),
                     "max_score": format_points(graded.points)}
            key = "autograde_passed" if result.status == "passed" else "autograde_failed"
            text = NOTEBOOKS.text(key, lang, **shown)
            if result.output:
                text += f"\n- {result.output}"
            self.log.info("Cell %s: %s/%s points", graded.grade_id, result.score, graded.points)
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=text + "\n"),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(result.score)},
                                       execution_count=None),
            ]
            cell.execution_count = None

    def _restore_missing_tests(self, nb: NotebookNode, resources: dict) -> None:
        """Put back every test cell the student deleted, after its exercise's cells.

        (nbgrader's own ``OverwriteCells.add_missing_cells`` assumes the cell
        before a test cell is a graded or solution cell; ours is the check cell.)
        """
        info = resources.get("nbgrader", {})
        if not {"db_url", "notebook", "assignment"} <= info.keys():
            return
        present = {
            c.metadata.nbgrader.get("grade_id") for c in nb.cells if "nbgrader" in c.metadata
        }
        with Gradebook(info["db_url"]) as gb:
            try:
                source_nb = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return
            missing = [
                (cell.name, cell.max_score, gb.find_source_cell(
                    cell.name, info["notebook"], info["assignment"]))
                for cell in source_nb.grade_cells
                if cell.name.startswith(TEST_ID_PREFIX) and cell.name not in present
            ]
            for grade_id, points, source in missing:
                self.log.warning("Test cell %s was missing from the submission; added back",
                                 grade_id)
                name = grade_id.removeprefix(TEST_ID_PREFIX)
                cell = nbformat.v4.new_code_cell(
                    f"# This test cell was missing from the submission and was added back.\n"
                    f"{source.source}",
                    metadata={"deletable": False, "editable": False, "nbgrader": {
                        "grade": True, "grade_id": grade_id, "locked": True,
                        "points": points, "schema_version": NBGRADER_SCHEMA_VERSION,
                        "solution": False, "task": False, "checksum": source.checksum}},
                )
                anchors = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {})
                           .get("grade_id") in (f"check_{name}", f"solution_{name}")]
                nb.cells.insert(max(anchors) + 1 if anchors else len(nb.cells), cell)

    def _outputs(self, name: str, cell: NotebookNode, report, lang: Language) -> list[NotebookNode]:
        points = float(cell.metadata.nbgrader["points"])
        results = [t for t in report.tests if t.function == name]
        if not results:
            self.log.warning("The engine returned no result for %r", name)
            text, score = NOTEBOOKS.text(
                "autograde_not_graded", lang, name=name, max_score=format_points(points)), 0.0
        else:
            engine_max = sum(t.max_score for t in results)
            if abs(engine_max - points) > 1e-3:
                self.log.warning("%r: the notebook gives %s points but course.yaml %s; rebuild "
                                 "the notebooks", name, points, engine_max)
            # nbgrader rejects a partial credit above the cell's points
            score = round(min(points, max(0.0, sum(t.score for t in results))), 4)
            shown = {"name": name, "score": format_points(score),
                     "max_score": format_points(points)}
            failed = [t for t in results if t.status != "passed"]
            lines = [NOTEBOOKS.text("autograde_failed" if failed else "autograde_passed", lang,
                                    **shown)]
            lines += [f"- {t.title or t.name}: {t.output}" for t in failed]
            if failed and report.load_notes:
                lines += ["", NOTEBOOKS.text("autograde_load_notes", lang)]
                lines += [f"- {note}" for note in report.load_notes]
            text = "\n".join(lines)
        return [
            nbformat.v4.new_output("stream", name="stdout", text=text + "\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(score)},
                                   execution_count=None),
        ]
