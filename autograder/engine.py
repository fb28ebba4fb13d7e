"""Grading one submission: load it in a sandbox, run the hidden suite, report.

``grade_path`` is the one entry point; the command line, the batch grader,
nbgrader and Gradescope all call it.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from pathlib import Path

import pytest

from autograder import __version__
from autograder.config import Course, course
from autograder.feedback import message
from autograder.paths import HIDDEN_TESTS_DIR
from autograder.plugin import GradingPlugin, UnusableProgram, UnusableSubmission
from autograder.report import GradingReport
from autograder.sandbox import StudentProcessDied
from autograder.student import StudentProgram
from autograder.submission import Submission, read_submission


class GraderError(Exception):
    """The grader itself is broken (e.g. the hidden suite does not collect)."""


def grade_path(
    path: Path | str,
    *,
    lang: str | None = None,
    functions: list[str] | None = None,
    course_config: Course | None = None,
    tests_dir: Path = HIDDEN_TESTS_DIR,
) -> GradingReport:
    """Grade the notebook or ``.py`` file at ``path``.

    Args:
        lang: ``"tr"`` or ``"en"``; the course's default language when None.
        functions: grade only these functions (all graded functions when None).

    Raises:
        SubmissionNotFound: if ``path`` is not a file.
    """
    started = time.monotonic()
    config = course_config or course()
    lang = lang or config.default_language
    wanted = functions or [fn.name for fn in config.functions()]
    submission = read_submission(path)
    program, load_notes = _load(submission, config, wanted, lang)
    try:
        plugin = GradingPlugin(program, lang, set(wanted))
        if isinstance(program, StudentProgram):
            plugin.signatures = program.defined_functions(wanted)
        run_suite(tests_dir, plugin)
    finally:
        student_output = program.close() if isinstance(program, StudentProgram) else ""
    if plugin.collection_errors:
        details = "\n".join(plugin.collection_errors)
        raise GraderError(f"the hidden tests did not collect:\n{details}")
    order = {name: i for i, name in enumerate(wanted)}
    tests = sorted(plugin.results(config.points), key=lambda t: order[t.function])
    return GradingReport(
        score=round(sum(t.score for t in tests), 4),
        max_score=round(sum(t.max_score for t in tests), 4),
        tests=tests,
        submission=str(path),
        lang=lang,
        load_notes=load_notes,
        student_output=student_output,
        isolation=list(program.layers),
        duration_seconds=round(time.monotonic() - started, 3),
        grader_version=__version__,
    )


def _load(submission: Submission, config: Course, wanted: list[str], lang: str):
    """Start and load the student's program; describe what went wrong while loading."""
    if submission.problem:
        error = UnusableSubmission(submission.problem, detail=submission.problem_detail)
        return UnusableProgram(error), [message("error.unusable", lang, reason=error.reason(lang))]
    program = StudentProgram(submission, config.sandbox)
    try:
        program.load()
    except StudentProcessDied as died:
        program.close()
        error = UnusableSubmission("sandbox_failed", detail=died.detail)
        return UnusableProgram(error), [message("error.unusable", lang, reason=error.reason(lang))]
    notes = []
    for outcome in program.load_outcomes:
        if outcome.status != "ok":
            notes.append(
                message(f"load.cell_{outcome.status}", lang, label=outcome.label,
                        error_type=outcome.error_type, error_message=outcome.message)
            )
    return program, notes


def run_suite(tests_dir: Path, plugin: GradingPlugin) -> None:
    """Run the hidden suite with pytest, in this process, silently."""
    args = [
        str(tests_dir),
        "-c", str(tests_dir / "pytest.ini"),
        "--rootdir", str(tests_dir),
        "-p", "no:cacheprovider",
        "-q",
    ]
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # no third-party plugin may interfere
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            pytest.main(args, plugins=[plugin])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
