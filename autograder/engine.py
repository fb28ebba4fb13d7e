"""Grading one submission: load it in a sandbox, run the hidden suite, report.

``grade_path`` is the one entry point; the command line, the batch grader,
nbgrader and Gradescope all call it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

from autograder import __version__
from autograder.assignment import assignment_module, load_release
from autograder.config import Course, Module, course
from autograder.feedback import cap, message
from autograder.loading import Loaded, Loading, load
from autograder.outcomes import (
    ExpectedSignatures,
    Recorder,
    UnusableProgram,
    UnusableSubmission,
)
from autograder.paths import HIDDEN_TESTS_DIR
from autograder.program import Program
from autograder.report import GradingReport, TestResult
from autograder.student import ChunkOutcome
from autograder.submission import Submission
from autograder.suite import collect, warm_up


def grade_path(
    path: Path | str,
    *,
    lang: str | None = None,
    functions: list[str] | None = None,
    module: str | None = None,
    course_config: Course | None = None,
    tests_dir: Path = HIDDEN_TESTS_DIR,
    skip_demos: bool = True,
    hints: bool = True,
    loading: Loading | None = None,
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
        hints: add the "fix the function it builds on first" hint to each failure
            (self-study front ends show it once, themselves).
        loading: ``path`` already being loaded in the background
            (:func:`autograder.loading.start`), with the same course.

    Raises:
        SubmissionNotFound: if ``path`` is not a file.
        SandboxUnavailable: if no sandbox can be started (nothing was graded).
    """
    config = course_config or course()
    lang = lang or config.default_language
    cases = collect(Path(tests_dir))
    assignment = assignment_module(Path(path), config, functions, module)
    release = load_release(assignment.notebook) if assignment else None
    if loading is not None and loading.release is not release:  # loaded as another assignment
        discarded = loading.result()
        if discarded.program is not None:
            discarded.program.close()
        loading = None
    if loading is not None:  # the submission is loading: meanwhile, what the checks will read
        warm_up(cases)
    loaded = (loading.result() if loading
              else load(path, config, skip_demos=skip_demos, release=release))
    started, submission = loaded.started, loaded.submission
    wanted, scope_notes = graded_functions(submission, config, lang, functions, assignment)
    cases = tuple(case for case in cases if case.function in wanted)
    program, load_notes = _program(loaded, lang)
    load_notes = scope_notes + load_notes
    recorder = Recorder(lang, ExpectedSignatures())
    try:
        recorder.signatures = program.defined_functions(wanted)
        recorder.missing_causes = missing_causes(submission, program.load_outcomes, wanted, lang)
        recorder.run(cases, program)
    finally:
        student_output = cap(program.close(), lang)  # what it printed may quote hidden inputs
    order = {name: i for i, name in enumerate(wanted)}
    tests = sorted(recorder.results(config.points), key=lambda t: order[t.function])
    if hints:
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
        if program.sandboxed else [],
        duration_seconds=round(time.monotonic() - started, 3),
        grader_version=__version__,
    )


def point_to_failed_foundations(tests: list[TestResult], config: Course, lang: str) -> None:
    """Add to each failure of a function that fails for real a hint naming the functions it
    builds on that fail for real too (see :mod:`autograder.hints`)."""
    from autograder.hints import builds_on_hint, foundations_to_fix
    from autograder.selfstudy.verdicts import states_of

    states = states_of(tests)
    for test in tests:
        foundations = foundations_to_fix(test.function, states, config)
        if test.status != "passed" and foundations:
            test.output = f"{test.output}\n{builds_on_hint(test.function, foundations, lang)}"


def missing_causes(submission: Submission, load_outcomes: Sequence[ChunkOutcome],
                   functions: list[str], lang: str) -> dict[str, tuple[str, str, str]]:
    """For each of ``functions``, the first cell that defines it but failed to run:
    ``(label, error type, error message)``. Used only for functions that end up missing."""
    chunks = [chunk for chunk in submission.chunks if chunk.code.strip()]
    causes: dict[str, tuple[str, str, str]] = {}
    for chunk, outcome in zip(chunks, load_outcomes, strict=False):
        if outcome.status == "ok":
            continue
        what = outcome.error_type if outcome.status == "error" else message(
            f"status.{'timeout' if outcome.status == 'timeout' else 'error'}", lang)
        for name in functions:
            if name not in causes and re.search(
                rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(name)}\b|^{re.escape(name)}[ \t]*=",
                chunk.code, re.MULTILINE,
            ):
                causes[name] = (chunk.label, what, outcome.message)
    return causes


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


def _program(loaded: Loaded, lang: str) -> tuple[Program, list[str]]:
    """The loaded program (or a stand-in that says why there is none) and the notes on
    what went wrong while loading."""
    submission = loaded.submission
    if loaded.problem is not None:
        key, detail = loaded.problem
        error = UnusableSubmission(key, detail=detail)
        return UnusableProgram(error), [message("error.unusable", lang, reason=error.reason(lang))]
    program = loaded.program
    assert program is not None  # load() gives a program whenever it reports no problem
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
