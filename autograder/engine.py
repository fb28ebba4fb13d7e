"""Grading one submission: load it in a sandbox, run the hidden suite, report.

``grade_path`` is the one entry point; the command line, the batch grader,
nbgrader and Gradescope all call it.
"""

from __future__ import annotations

import time
from pathlib import Path

from autograder import __version__
from autograder.assignment import load_release
from autograder.config import Course, Module, course
from autograder.feedback import cap, message
from autograder.outcomes import Recorder, UnusableProgram, UnusableSubmission
from autograder.paths import HIDDEN_TESTS_DIR
from autograder.report import GradingReport, TestResult
from autograder.sandbox.process import SandboxUnavailable, StudentProcessDied
from autograder.student import StudentProgram
from autograder.submission import Submission, read_submission
from autograder.suite import collect


def grade_path(
    path: Path | str,
    *,
    lang: str | None = None,
    functions: list[str] | None = None,
    module: str | None = None,
    course_config: Course | None = None,
    tests_dir: Path = HIDDEN_TESTS_DIR,
    skip_demos: bool = True,
) -> GradingReport:
    """Grade the notebook or ``.py`` file at ``path``.

    What is graded is decided by the caller, never by the submission:
    ``functions`` when given, else ``module``'s functions, else (a notebook whose
    file name is a module's notebook, e.g. ``module02_attention.ipynb``) that
    module's, else every graded function. A notebook's own metadata is only
    compared with that choice; a mismatch is noted in the report.

    Args:
        lang: ``"tr"`` or ``"en"``; the course's default language when None.
        functions: grade only these functions.
        module: grade this module's functions (an id from ``course.yaml``).
        skip_demos: do not run notebook cells tagged ``demo`` (illustrations).

    Raises:
        SubmissionNotFound: if ``path`` is not a file.
        SandboxUnavailable: if no sandbox can be started (nothing was graded).
    """
    started = time.monotonic()
    config = course_config or course()
    lang = lang or config.default_language
    deadline = started + config.sandbox.total_timeout_seconds
    assignment = assignment_module(Path(path), config, functions, module)
    release = load_release(assignment.notebook, lang) if assignment else None
    submission = read_submission(path, skip_demos=skip_demos, deadline=deadline, release=release)
    wanted, scope_notes = graded_functions(submission, config, lang, functions, assignment)
    cases = [case for case in collect(Path(tests_dir)) if case.function in wanted]
    program, load_notes = _load(submission, config, lang, deadline)
    load_notes = scope_notes + load_notes
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
        missing_layers=config.sandbox.missing_layers(list(program.layers))
        if isinstance(program, StudentProgram) else [],
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


def assignment_module(path: Path, config: Course, functions: list[str] | None,
                      module: str | None) -> Module | None:
    """The module a submission is graded as: ``module``; else the one all ``functions`` belong
    to; else (no functions named) the one whose notebook a notebook's file name is."""
    if module:
        return config.module(module)
    if functions:
        modules = {config.module_of(name).id for name in functions}
        return config.module(modules.pop()) if len(modules) == 1 else None
    if path.suffix == ".ipynb":
        return next((m for m in config.modules if path.stem == m.notebook), None)
    return None


def graded_functions(
    submission: Submission, config: Course, lang: str, functions: list[str] | None,
    assignment: Module | None,
) -> tuple[list[str], list[str]]:
    """(functions to grade, notes for the report): the caller's choice, never the submission's."""
    notes: list[str] = []
    claimed = submission.module
    if assignment is not None and claimed and claimed != assignment.id:
        notes.append(message("load.module_mismatch", lang, claimed=claimed[:40],
                             graded=assignment.id))
    notes += [message(key, lang, **params) for key, params in submission.restored]
    if functions:
        return list(functions), notes
    if assignment is not None:
        return [fn.name for fn in assignment.functions], notes
    return [fn.name for fn in config.functions()], notes


def _load(submission: Submission, config: Course, lang: str, deadline: float):
    """Start and load the student's program; describe what went wrong while loading."""
    if submission.problem:
        error = UnusableSubmission(submission.problem, detail=submission.problem_detail)
        return UnusableProgram(error), [message("error.unusable", lang, reason=error.reason(lang))]
    program = StudentProgram(submission, config.sandbox, deadline=deadline)
    try:
        program.load()
    except SandboxUnavailable:
        program.close()
        raise
    except StudentProcessDied as died:
        program.close()
        error = UnusableSubmission("crashed_repeatedly", detail=died.detail)
        return UnusableProgram(error), [message("error.unusable", lang, reason=error.reason(lang))]
    notes = [message("load.cell_skipped", lang, label=label, reason=message(key, lang, **params))
             for label, key, params in submission.skipped]
    for outcome in program.load_outcomes:
        if outcome.status == "error" and outcome.forbidden_module:
            notes.append(message("load.forbidden_import", lang, label=outcome.label,
                                 module=outcome.forbidden_module))
        elif outcome.status != "ok":
            notes.append(
                message(f"load.cell_{outcome.status}", lang, label=outcome.label,
                        error_type=cap(outcome.error_type, lang),
                        error_message=cap(outcome.message, lang))
            )
    return program, notes
