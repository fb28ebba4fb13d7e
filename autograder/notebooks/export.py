"""``nbgrader export`` for this course: nbgrader's CSV columns, exact numbers, safe cells.

nbgrader's own CSV plugin writes sums of per-cell scores as Python prints them
(``53.533300000000004``) and student names as they are (a name starting with
``=`` becomes a spreadsheet formula). This plugin writes the same columns with
points rounded once, to 4 decimals, and text cells that never start a formula
(see :mod:`autograder.csv_cells`). The scaffolded ``nbgrader_config.py`` selects it.
"""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from autograder.csv_cells import points_cell, text_cell

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
           "email", "raw_score", "late_submission_penalty", "score", "max_score"]
POINTS = {"raw_score", "late_submission_penalty", "score", "max_score"}


class RoundedCsvExportPlugin(ExportPlugin):
    """nbgrader's CSV export with exact numbers and formula-safe text."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        self.log.info("Exporting grades to %s", dest)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    row = self._row(gradebook, assignment, student)
                    writer.writerow([points_cell(row[c]) if c in POINTS else text_cell(row[c])
                                     for c in COLUMNS])

    @staticmethod
    def _row(gradebook: Gradebook, assignment, student) -> dict:
        row = {"assignment": assignment.name, "duedate": assignment.duedate or "",
               "student_id": student.id, "last_name": student.last_name or "",
               "first_name": student.first_name or "", "email": student.email or "",
               "max_score": assignment.max_score}
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:  # no submission: zero, as nbgrader's own export does
            return {**row, "timestamp": "", "raw_score": 0.0, "late_submission_penalty": 0.0,
                    "score": 0.0}
        penalty = submission.late_submission_penalty or 0.0
        return {**row, "timestamp": submission.timestamp or "", "raw_score": submission.score,
                "late_submission_penalty": penalty,
                "score": max(0.0, submission.score - penalty)}
