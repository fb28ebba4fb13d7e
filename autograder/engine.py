"""Grading one submission: load it in a sandbox, run the hidden suite, report.

``grade_path`` is the one entry point; the command line, the batch grader,
nbgrader and Gradescope all call it.
"""

from __future__ import annotations

import time
from pathlib import Path

from autograder import __version__
from autograder.config import Course, course
from autograder.feedback import cap, message
from autograder.outcomes import Recorder, UnusableProgram, UnusableSubmission
from autograder.paths import HIDDEN_TESTS_DIR
from autograder.report import GradingReport, TestResult
from autograder.sandbox.process import StudentProcessDied
from autograder.student import StudentProgram
from autograder.submission import Submission, read_submission
from autograder.suite import collect


def grade_path(
    path: Path | str,
    *,
    lang: str | None = None,
    functions: list[str] | None = None,
    course_config: Course | None = None,
    tests_dir: Path = HIDDEN_TESTS_DIR,
    skip_demos: bool = True,
) -> GradingReport:
    """Grade the notebook or ``.py`` file at ``path``.

    Args:
        lang: ``"tr"`` or ``"en"``; the course's default language when None.
        functions: grade only these functions. When None: the functions of the
            module the notebook names in its metadata or by its file name (e.g.
            ``module02_attention.ipynb``), or every graded function for any other file.
        skip_demos: do not run notebook cells tagged ``demo`` (illustrations).

    Raises:
        SubmissionNotFound: if ``path`` is not a file.
    """
    started = time.monotonic()
    config = course_config or course()
    lang = lang or config.default_language
    submission = read_submission(path, skip_demos=skip_demos)
    wanted = functions or default_functions(submission, config)
    cases = [case for case in collect(Path(tests_dir)) if case.function in wanted]
    program, load_notes = _load(submission, config, lang)
    recorder = Recorder(lang)
    try:
        if isinstance(program, StudentProgram):
            recorder.signatures = program.defined_functions(wanted)
        recorder.run(cases, program)
    finally:
        student_output = program.close() if isinstance(program, StudentProgram) else ""
        student_output = cap(student_output, lang)  # what it printed may quote hidden inputs
    order = {name: i for i, name in enumerate(wanted)}
    tests = sorted(recorder.results(config.points), key=lambda t: order[t.function])
    point_to_failed_foundations(tests, config, lang)
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


def point_to_failed_foundations(tests: list[TestResult], config: Course, lang: str) -> None:
    """Add to each failure a hint when a function it builds on fails too."""
    failing = {t.function for t in tests if t.status != "passed"}
    for test in tests:
        if test.status == "passed":
            continue
        foundations = [name for name in config.builds_on(test.function) if name in failing]
        if foundations:
            hint = message("hint.builds_on", lang, function=test.function,
                           foundations=", ".join(f"`{name}`" for name in foundations))
            test.output = f"{test.output}\n{hint}"


def default_functions(submission: Submission, config: Course) -> list[str]:
    """The functions a submission is graded on when none are named."""
    for module in config.modules:
        if submission.module == module.id or (
            submission.kind == "notebook" and submission.path.stem == module.notebook
        ):
            return [fn.name for fn in module.functions]
    return [fn.name for fn in config.functions()]


def _load(submission: Submission, config: Course, lang: str):
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
                        error_type=cap(outcome.error_type, lang),
                        error_message=cap(outcome.message, lang))
            )
    return program, notes
