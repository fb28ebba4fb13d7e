"""Read a ``grade-all`` results folder back: one record per student of the current class."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.classroom.state import JOURNAL_NAME, Journal
from autograder.report import GradingReport


class ResultsDirError(Exception):
    """Not a results folder of ``grade-all``."""


@dataclass
class StudentRecord:
    student: str
    status: str  # "graded", "grader_error" or "unreadable"
    report: GradingReport | None = None
    quiz: list[dict] = field(default_factory=list)
    error: str = ""

    @property
    def quiz_score(self) -> tuple[float, float] | None:
        graded = [q for q in self.quiz if "error" not in q]
        if not graded:
            return None
        return sum(q["score"] for q in graded), sum(q["max_score"] for q in graded)


@dataclass
class ClassResults:
    results_dir: Path
    records: list[StudentRecord]

    @property
    def graded(self) -> list[StudentRecord]:
        return [r for r in self.records if r.report is not None]

    @property
    def reports(self) -> list[tuple[StudentRecord, GradingReport]]:
        """Each graded student's record with its report."""
        return [(r, r.report) for r in self.records if r.report is not None]


def _load_record(results_dir: Path, entry: dict) -> StudentRecord:
    student = entry["student"]
    if entry.get("status") != "graded":
        return StudentRecord(student, entry.get("status", "unknown"), error=entry.get("error", ""))
    try:
        report = GradingReport.from_json(
            (results_dir / entry["report"]).read_text(encoding="utf-8"))
        quiz = (json.loads((results_dir / entry["quiz"]).read_text(encoding="utf-8"))
                if entry.get("quiz") else [])
    except (OSError, ValueError, KeyError) as exc:  # msgspec's errors are ValueErrors
        return StudentRecord(student, "unreadable", error=f"{type(exc).__name__}: {exc}")
    return StudentRecord(student, "graded", report=report, quiz=quiz)


def load_class(results_dir: Path) -> ClassResults:
    """Every student the last ``grade-all`` run saw, sorted by name.

    Raises:
        ResultsDirError: if ``results_dir`` has no journal.
    """
    if not (results_dir / JOURNAL_NAME).is_file():
        raise ResultsDirError(
            f"{results_dir} is not a grade-all results folder (no {JOURNAL_NAME}); "
            "run `python -m autograder grade-all SUBMISSIONS_DIR --out "
            f"{results_dir}` first")
    journal = Journal(results_dir)
    records = [
        _load_record(results_dir, entry)
        for student, entry in sorted(journal.entries.items())
        if entry.get("status") != "removed"
    ]
    return ClassResults(results_dir, records)
