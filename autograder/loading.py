"""Reading a submission and loading it into its sandbox, in the background if wanted.

Grading a submission first loads it: a student process starts (from the fork
server) and runs each notebook cell or top-level statement. That mostly waits for
the student process, so a front end that knows the submission early (``grade``,
``progress``, the pytest plugin) calls :func:`start` before it imports the rest of
the grader: the loading runs in a background thread while the imports run, and
:func:`autograder.engine.grade_path` takes the result (``loading=``). This module
imports nothing heavy itself.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.assignment import Release
    from autograder.student import StudentProgram
    from autograder.submission import Submission


@dataclass
class Loaded:
    """A submission, and the program that runs it (None when it cannot run at all)."""

    submission: Submission
    program: StudentProgram | None
    problem: tuple[str, str] | None  # (message key, detail) when nothing can run
    started: float  # time.monotonic() when grading began: the total time limit counts from it
    release: Release | None = None  # the release its locked cells came from


def load(path: Path | str, config, *, skip_demos: bool = True,
         started: float | None = None, release=None) -> Loaded:
    """Read ``path`` and run it in a new sandbox; a notebook's locked cells are first
    restored from ``release`` (see :mod:`autograder.assignment`).

    Raises:
        SubmissionNotFound: if ``path`` is not a file.
        SandboxUnavailable: if no sandbox can be started (nothing was graded).
    """
    from autograder.sandbox.process import SandboxUnavailable, StudentProcessDied
    from autograder.student import StudentProgram
    from autograder.submission import read_submission

    started = started if started is not None else time.monotonic()
    deadline = started + config.sandbox.total_timeout_seconds
    submission = read_submission(path, skip_demos=skip_demos, deadline=deadline, release=release)
    if submission.problem:
        return Loaded(submission, None, (submission.problem, submission.problem_detail), started,
                      release)
    program = StudentProgram(submission, config.sandbox, deadline=deadline)
    try:
        program.load()
    except SandboxUnavailable:
        program.close()
        raise
    except StudentProcessDied as died:
        program.close()
        return Loaded(submission, None, ("crashed_repeatedly", died.detail), started, release)
    return Loaded(submission, program, None, started, release)


class Loading:
    """:func:`load` running in a background thread."""

    def __init__(self, path: Path | str, config, *, skip_demos: bool = True,
                 release=None) -> None:
        self.path = Path(path)
        self.config = config
        self.release = release
        self._started = time.monotonic()
        self._result: Loaded | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(skip_demos,), daemon=True,
                                        name=f"loading {self.path.name}")
        self._thread.start()

    def _run(self, skip_demos: bool) -> None:
        try:
            self._result = load(self.path, self.config, skip_demos=skip_demos,
                                started=self._started, release=self.release)
        except BaseException as exc:  # given to whoever waits for the result
            self._error = exc

    def result(self) -> Loaded:
        """The loaded submission (waits for it).

        Raises:
            whatever :func:`load` raised.
        """
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._result is None:  # the thread ends with a result or an error
            raise RuntimeError("the loading ended without a result")
        return self._result


def start(path: Path | str, config, *, skip_demos: bool = True,
          functions: list[str] | None = None, module: str | None = None) -> Loading:
    """Begin loading ``path`` in the background (see the module's docstring), as graded on
    ``functions`` or ``module`` (they decide the release its locked cells come from)."""
    from autograder.assignment import release_for

    release = release_for(path, config, functions, module)
    return Loading(path, config, skip_demos=skip_demos, release=release)
