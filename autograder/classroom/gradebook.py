"""The gradebook CSV: one row per student, from the journal (no report is re-read).

Every student of a class has the same maximum: the points of the graded functions, plus,
when the class handed in quiz answers, the quiz points of their modules (``quiz_share`` in
``course.yaml``; a student without answers scores 0 on the quiz). The quiz column holds
those points (the share of the quiz items answered right, times the quiz's points).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.classroom.state import Journal, atomic_write_text
from autograder.config import Course
from autograder.csv_cells import points_cell, text_cell

GRADEBOOK_NAME = "gradebook.csv"


def quiz_points(config: Course, functions: list[str]) -> float:
    """The quiz points of the modules the graded functions belong to."""
    modules = {config.module_of(name).id: config.module_of(name) for name in functions}
    return round(sum(module.quiz_points() for module in modules.values()), 4)


def gradebook_rows(students: list[str], journal: Journal, functions: list[str],
                   config: Course) -> list[dict]:
    """One dict per student, in ``students`` order; students never graded get a status."""
    with_quiz = any(journal.entries.get(s, {}).get("quiz_score") for s in students)
    quiz_max = quiz_points(config, functions) if with_quiz else 0.0
    code_max = round(sum(config.points(name) for name in functions), 4)
    rows = []
    for student in students:
        entry = journal.entries.get(student, {})
        status = entry.get("status", "not_graded")
        row: dict = {"student": student, "status": status}
        if status == "graded":
            scores = entry.get("functions", {})
            raw = entry.get("quiz_score")
            quiz = quiz_max * raw[0] / raw[1] if raw and raw[1] else 0.0
            row.update({fn: scores.get(fn, 0.0) for fn in functions})
            row["quiz"] = round(quiz, 4) if with_quiz else None
            row["total"] = round(sum(scores.get(fn, 0.0) for fn in functions) + quiz, 4)
            row["max"] = round(code_max + quiz_max, 4)
        rows.append(row)
    return rows


def gradebook_csv(rows: list[dict], functions: list[str]) -> str:
    with_quiz = any(row.get("quiz") is not None for row in rows)
    columns = ["student", *functions, *(["quiz"] if with_quiz else []), "total", "max", "status"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text_cell(row.get(c, "")) if c in ("student", "status")
                         else points_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_gradebook(results_dir: Path, students: list[str], journal: Journal,
                    functions: list[str], config: Course) -> Path:
    path = results_dir / GRADEBOOK_NAME
    rows = gradebook_rows(students, journal, functions, config)
    atomic_write_text(path, gradebook_csv(rows, functions))
    return path
