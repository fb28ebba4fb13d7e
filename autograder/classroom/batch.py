"""``grade-all``: grade every student of a submissions folder, resumably.

Discovery, the resume decision and every file written happen here, in the
parent process; the grading itself is :func:`grading.grade_student` run by
:func:`pool.run_pool`. A student's report is written atomically and then
recorded in the journal, so the results folder is consistent at every moment.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.classroom.discover import StudentFiles, discover
from autograder.classroom.gradebook import write_gradebook
from autograder.classroom.grading import GradingJob, StudentResult, grade_student
from autograder.classroom.pool import StopRequest, run_pool
from autograder.classroom.state import (
    STUDENTS_DIR,
    Journal,
    atomic_write_text,
    content_hash,
    safe_name,
    settings_fingerprint,
)
from autograder.config import Course
from autograder.languages import Language

PRELOAD = ["autograder.classroom.grading", "autograder.engine"]


@dataclass
class BatchOptions:
    submissions_dir: Path
    results_dir: Path
    course_config: Course
    lang: Language
    functions: list[str] | None = None
    workers: int | None = None
    force: bool = False
    assignment: str | None = None
    allow_weak_sandbox: bool = False


@dataclass
class BatchSummary:
    students: list[str]
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # student -> why the grader failed
    interrupted: bool = False
    gradebook: Path | None = None
    notes: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # isolation layers in force here
    missing_layers: list[str] = field(default_factory=list)  # required ones that are not
    write_error: str | None = None  # why the results folder could not be written (disk full...)


class WeakSandboxError(Exception):
    """Required isolation layers are missing here and the instructor did not allow that."""

    def __init__(self, layers: list[str], missing: list[str]) -> None:
        super().__init__(
            f"the sandbox here lacks {', '.join(missing)} (in force: {', '.join(layers)}); "
            "grade on a Linux machine that has them, or pass --allow-weak-sandbox to grade "
            "with weaker isolation")
        self.layers, self.missing = layers, missing


def job_timeout(options: BatchOptions) -> float:
    """How long one student's grading may take in all (code and quiz) before it is stopped:
    the code's own limit (which bounds the student's code) twice, plus a margin."""
    return 2 * options.course_config.sandbox.total_timeout_seconds + 60


def check_sandbox(options: BatchOptions) -> tuple[list[str], list[str]]:
    """(layers in force, required layers missing); raises :class:`WeakSandboxError`."""
    from autograder.student import sandbox_layers

    layers = sandbox_layers(options.course_config.sandbox)
    missing = options.course_config.sandbox.missing_layers(layers)
    if missing and not options.allow_weak_sandbox:
        raise WeakSandboxError(layers, missing)
    return layers, missing


class Progress:
    """What the batch tells its caller while it runs (the command shows a progress bar)."""

    def start(self, total: int) -> None: ...

    def advance(self, student: str) -> None: ...


def _write_result(results_dir: Path, journal: Journal, result: StudentResult, key: str,
                  settings: str) -> None:
    name = safe_name(result.student)
    report_file = f"{STUDENTS_DIR}/{name}.json"
    atomic_write_text(results_dir / report_file, result.report.to_json() + "\n")
    entry = {
        "student": result.student, "status": "graded", "key": key, "settings": settings,
        "report": report_file, "score": result.report.score,
        "max_score": result.report.max_score, "functions": result.report.function_scores(),
        "quiz_score": result.quiz_score,
    }
    if result.quiz:
        quiz_file = f"{STUDENTS_DIR}/{name}.quiz.json"
        atomic_write_text(results_dir / quiz_file,
                          json.dumps(result.quiz, indent=2, ensure_ascii=False) + "\n")
        entry["quiz"] = quiz_file
    journal.record(entry)


def grade_all(
    options: BatchOptions,
    progress: Progress | None = None,
    grade: Callable[[GradingJob], StudentResult] = grade_student,
) -> BatchSummary:
    """Grade what is not graded yet (everything with ``force``) and write the gradebook.

    Raises:
        SubmissionsDirError: if the submissions folder is missing or empty.
        WeakSandboxError: if required isolation layers are missing (see ``allow_weak_sandbox``).
        SandboxUnavailable: if no sandbox can be started at all.
    """
    progress = progress or Progress()
    discovery = discover(options.submissions_dir, options.assignment)
    layers, missing = check_sandbox(options)
    results_dir = options.results_dir
    results_dir.mkdir(parents=True, exist_ok=True)
    journal = Journal(results_dir)
    journal.compact()
    settings = settings_fingerprint(options.course_config, options.lang, options.functions)
    summary = BatchSummary(students=[s.student for s in discovery.students], notes=discovery.notes,
                           layers=layers, missing_layers=missing)

    for student in sorted(set(journal.entries) - set(summary.students)):
        if journal.entries[student].get("status") != "removed":
            journal.record({"student": student, "status": "removed"})
    keys: dict[str, str] = {}
    todo: list[StudentFiles] = []
    for files in discovery.students:
        keys[files.student] = content_hash(files)
        if not options.force and journal.is_done(files.student, keys[files.student], settings):
            summary.skipped.append(files.student)
        else:
            todo.append(files)

    scratch = Path(tempfile.mkdtemp(prefix="grade-all-"))
    jobs = [
        GradingJob(
            student=files.student,
            code=tuple(str(p) for p in files.code),
            quiz=tuple(str(p) for p in files.quiz),
            lang=options.lang,
            course_config=options.course_config,
            work_dir=str(scratch / safe_name(files.student)),
            functions=tuple(options.functions) if options.functions else None,
        )
        for files in todo
    ]
    progress.start(len(jobs))
    try:
        with StopRequest() as stop:
            for outcome in run_pool(grade, jobs, workers=options.workers, stop=stop,
                                    preload=PRELOAD, job_timeout=job_timeout(options)):
                student = outcome.item.student
                if outcome.error is None:
                    _write_result(results_dir, journal, outcome.result, keys[student], settings)
                    summary.graded.append(student)
                else:
                    journal.record({"student": student, "status": "grader_error",
                                    "key": keys[student], "settings": settings,
                                    "error": outcome.error})
                    summary.failed[student] = outcome.error
                progress.advance(student)
            summary.interrupted = stop.requested
    except KeyboardInterrupt:
        summary.interrupted = True
    except OSError as exc:  # the results folder cannot be written: stop, keep what is written
        summary.write_error = _describe_write_error(exc)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    functions = options.functions or [fn.name for fn in options.course_config.functions()]
    try:
        summary.gradebook = write_gradebook(results_dir, summary.students, journal, functions,
                                            options.course_config)
    except OSError as exc:
        summary.write_error = summary.write_error or _describe_write_error(exc)
    return summary


def _describe_write_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"
