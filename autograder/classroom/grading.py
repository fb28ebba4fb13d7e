"""Grade one student: the function the worker pool runs.

:func:`grade_student` takes a picklable :class:`GradingJob` and returns a
:class:`StudentResult`. The code is graded by ``grade_code`` (the engine's
``grade_path`` unless another function with the same signature and result type
is passed, e.g. ``functools.partial(grade_student, grade_code=faster)``); quiz
answers files are graded with the quiz engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from autograder.config import Course
from autograder.feedback import message
from autograder.languages import Language
from autograder.report import GradingReport

CodeGrader = Callable[..., GradingReport]


@dataclass(frozen=True)
class GradingJob:
    """One student's work, with everything needed to grade it in another process."""

    student: str
    code: tuple[str, ...]
    quiz: tuple[str, ...]
    lang: Language
    course_config: Course
    work_dir: str  # scratch folder for this student (combined notebooks, empty stand-ins)
    functions: tuple[str, ...] | None = None

    @property
    def quiz_modules(self) -> list[str] | None:
        """The modules whose quiz items the student's answers are graded on (all if None)."""
        if not self.functions:
            return None
        modules = [self.course_config.module_of(name).id for name in self.functions]
        return list(dict.fromkeys(modules))


@dataclass
class StudentResult:
    student: str
    report: GradingReport
    quiz: list[dict] = field(default_factory=list)  # quiz reports, or {"file", "error"}

    @property
    def quiz_score(self) -> tuple[float, float] | None:
        """(score, max) over the readable quiz answers files, None when there are none."""
        graded = [q for q in self.quiz if "error" not in q]
        if not graded:
            return None
        return (round(sum(q["score"] for q in graded), 4),
                round(sum(q["max_score"] for q in graded), 4))


def _engine_grade_path(path, **kwargs) -> GradingReport:
    from autograder.engine import grade_path

    return grade_path(path, **kwargs)


MAX_CODE_FILES = 20  # code files of one student graded together; the rest are listed


def combined_notebook(paths: list[Path], dest: Path) -> Path:
    """One notebook holding the code of ``paths`` in order (a ``.py`` file is one cell)."""
    from autograder.submission import notebook_code_cells

    cells: list[dict] = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            try:
                sources = [source for _, source in notebook_code_cells(json.loads(text))]
            except (ValueError, TypeError, AttributeError, RecursionError):
                sources = []  # unreadable notebook: the others are still graded
        else:
            sources = [text]
        cells += [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
                   "execution_count": None} for s in sources]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(notebook), encoding="utf-8")
    return dest


def _within_limits(paths: list[Path], lang: Language) -> tuple[list[Path], list[str]]:
    """The code files that are graded (each and all together under the submission size
    limit, at most :data:`MAX_CODE_FILES`), and a note for each one left out."""
    from autograder.submission import MAX_SUBMISSION_BYTES

    kept: list[Path] = []
    notes: list[str] = []
    total = 0
    limit_mb = MAX_SUBMISSION_BYTES // (1024 * 1024)
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if len(kept) == MAX_CODE_FILES:
            notes.append(message("classroom.file_left_out", lang, file=path.name,
                                 reason=message("classroom.too_many_files", lang,
                                                limit=MAX_CODE_FILES)))
        elif total + size > MAX_SUBMISSION_BYTES:
            notes.append(message("classroom.file_left_out", lang, file=path.name,
                                 reason=message("classroom.too_large", lang, limit=limit_mb)))
        else:
            kept.append(path)
            total += size
    return kept, notes


def grade_code(job: GradingJob, grade: CodeGrader) -> GradingReport:
    work = Path(job.work_dir)
    paths, notes = _within_limits([Path(p) for p in job.code], job.lang)
    if not paths:
        target = work / "no_submission.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("", encoding="utf-8")
        notes.append(message("classroom.no_code_file", job.lang))
    elif len(paths) == 1:
        target = paths[0]
    else:
        target = combined_notebook(paths, work / "combined.ipynb")
        notes.append(message("classroom.combined_files", job.lang,
                             files=", ".join(p.name for p in paths)))
    report = grade(target, lang=job.lang, functions=list(job.functions) if job.functions else None,
                   course_config=job.course_config)
    report.submission = ", ".join(str(p) for p in job.code)
    report.load_notes = notes + list(report.load_notes)
    return report


@cache
def _quiz_bank():
    from autograder.quiz.bank import load_bank

    return load_bank()


def grade_quizzes(job: GradingJob) -> list[dict]:
    from autograder.quiz.bank import BankError
    from autograder.quiz.grading import AnswersFileError, grade_answers, read_answers

    results = []
    for path in job.quiz:
        try:
            answers = read_answers(Path(path))
            report = grade_answers(_quiz_bank(), answers, lang=job.lang, student=job.student,
                                   modules=job.quiz_modules,
                                   default_lang=job.course_config.default_language)
        except (AnswersFileError, BankError) as exc:
            results.append({"file": path, "error": str(exc)})
            continue
        except Exception as exc:  # one unreadable file costs only itself, never the code grade
            results.append({"file": path, "error": f"could not be graded ({type(exc).__name__})"})
            continue
        results.append({"file": path, **report.to_dict()})
    return results


def grade_student(job: GradingJob, grade: CodeGrader = _engine_grade_path) -> StudentResult:
    """Grade ``job``'s code and quiz answers. Runs in a worker process."""
    return StudentResult(job.student, grade_code(job, grade), grade_quizzes(job))
