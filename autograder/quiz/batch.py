"""Grade a folder of answers files into one CSV (one row per student, one column per item)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from autograder.config import Language
from autograder.csv_cells import points_cell, text_cell
from autograder.quiz.bank import Bank
from autograder.quiz.grading import (
    AnswersFileError,
    grade_answers,
    read_answers,
    student_id_from_path,
)

ANSWER_SUFFIXES = {".yaml", ".yml", ".json"}


@dataclass
class BatchSummary:
    graded: int = 0
    problems: list[str] = field(default_factory=list)


def grade_folder(
    bank: Bank,
    folder: Path,
    out: Path,
    lang: Language | None = None,
    modules: list[str] | None = None,
    sections: list[str] | None = None,
    default_lang: Language = "tr",
) -> BatchSummary:
    """Write ``out``: student, file, score, max_score, percent, error, then one column per item.

    A file that cannot be read gets a row with its error and no scores, so the
    instructor sees every submission. The student id is the file's name (never what
    the file says); two files of one student are reported.
    """
    summary = BatchSummary()
    items = bank.select(modules, sections)
    columns = ["student", "file", "score", "max_score", "percent", "error"] + [i.id for i in items]
    rows = []
    seen: dict[str, str] = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES):
        student = student_id_from_path(path)
        if student in seen:
            summary.problems.append(f"{path.name}: a second answers file of {student!r} "
                                    f"(also {seen[student]})")
        seen.setdefault(student, path.name)
        try:
            report = grade_answers(bank, read_answers(path), lang, modules, sections,
                                   default_lang, student=student)
        except Exception as exc:  # one unreadable file costs only its own row
            error = str(exc) if isinstance(exc, AnswersFileError) else (
                f"{path.name}: could not be graded ({type(exc).__name__})")
            summary.problems.append(error)
            rows.append({"student": student, "file": path.name, "error": error})
            continue
        summary.problems += [f"{path.name}: {w}" for w in report.warnings]
        row = {
            "student": report.student,
            "file": path.name,
            "score": points_cell(report.score),
            "max_score": points_cell(report.max_score),
            "percent": f"{100 * report.score / report.max_score:.1f}" if report.max_score else "",
            "error": "",
        }
        row.update({r.id: points_cell(r.score) for r in report.items})
        rows.append(row)
        summary.graded += 1
    text_columns = ("student", "file", "error")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: text_cell(v) if k in text_columns else v for k, v in row.items()}
                         for row in rows)
    return summary
