"""Grade a folder of answers files into one CSV (one row per student, one column per item)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from autograder.config import Language
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
            answers = read_answers(path)
        except AnswersFileError as exc:
            summary.problems.append(str(exc))
            rows.append({"student": student, "file": path.name, "error": str(exc)})
            continue
        report = grade_answers(bank, answers, lang, modules, sections, default_lang,
                               student=student)
        summary.problems += [f"{path.name}: {w}" for w in report.warnings]
        row = {
            "student": report.student,
            "file": path.name,
            "score": f"{report.score:g}",
            "max_score": f"{report.max_score:g}",
            "percent": f"{100 * report.score / report.max_score:.1f}" if report.max_score else "",
            "error": "",
        }
        row.update({r.id: f"{r.score:g}" for r in report.items})
        rows.append(row)
        summary.graded += 1
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return summary
