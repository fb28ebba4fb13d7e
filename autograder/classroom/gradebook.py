"""The gradebook CSV: one row per student, from the journal (no report is re-read)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.classroom.state import Journal, atomic_write_text
from autograder.csv_cells import points_cell, text_cell

GRADEBOOK_NAME = "gradebook.csv"


def gradebook_rows(students: list[str], journal: Journal, functions: list[str]) -> list[dict]:
    """One dict per student, in ``students`` order; students never graded get a status."""
    rows = []
    for student in students:
        entry = journal.entries.get(student, {})
        status = entry.get("status", "not_graded")
        row: dict = {"student": student, "status": status}
        if status == "graded":
            scores = entry.get("functions", {})
            quiz = entry.get("quiz_score")
            row.update({fn: scores.get(fn) for fn in functions})  # blank: not graded for them
            row["quiz"] = quiz[0] if quiz else None
            row["total"] = round(entry["score"] + (quiz[0] if quiz else 0.0), 4)
            row["max"] = round(entry["max_score"] + (quiz[1] if quiz else 0.0), 4)
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
                    functions: list[str]) -> Path:
    path = results_dir / GRADEBOOK_NAME
    atomic_write_text(path, gradebook_csv(gradebook_rows(students, journal, functions), functions))
    return path
