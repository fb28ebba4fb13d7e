"""Instant feedback in a notebook: ``check("softmax")``.

In a notebook's setup cell::

    from autograder.selfcheck import check

and after an exercise::

    check("softmax")

runs the public checks (``autograder/public/``) against the ``softmax`` the
learner defined in the notebook, in the learner's own kernel (with a time-out
per call), and prints one coloured line per check in the learner's language.
It never raises: a missing function, ``NotImplementedError`` ("not started
yet"), a hanging or crashing function, even a broken checker, all become one
friendly line. It never decides a grade: inside the grader's sandbox this
module is replaced by a no-op (``autograder/sandbox/worker.py``).
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from autograder.config import LANGUAGES, Course, course
from autograder.feedback import message
from autograder.selfstudy.suites import PUBLIC_TESTS_DIR
from autograder.selfstudy.verdicts import FunctionVerdict, verdict

__all__ = ["check", "run_check"]


class UnknownFunction(Exception):
    """``check("name")`` for a name that is not a graded function."""


def check(name: str, lang: str | None = None) -> None:
    """Run the public checks of ``name`` on the caller's ``name`` and print the result.

    Args:
        name: a graded function, e.g. ``"softmax"``.
        lang: ``"tr"`` or ``"en"``; by default the notebook's language.
    """
    from autograder.selfstudy.render import lines, show

    try:
        namespace = sys._getframe(1).f_globals
    except Exception:
        namespace = {}
    chosen = "en"
    try:
        chosen = language(lang, namespace)
        result = run_check(name, namespace, chosen)
        show(lines(result, chosen))
    except UnknownFunction:
        known = ", ".join(fn.name for fn in course().functions())
        _say("selfstudy.check.unknown", chosen, function=name, known=known)
    except KeyboardInterrupt:
        _say("selfstudy.check.interrupted", chosen, function=name)
    except BaseException as exc:  # the checker itself failed: say so, never raise
        _say("selfstudy.check.internal", chosen, function=name,
             error=f"{type(exc).__name__}: {exc}"[:300])


def run_check(name: str, namespace: Mapping[str, object], lang: str = "en", *,
              config: Course | None = None, tests_dir: Path = PUBLIC_TESTS_DIR
              ) -> FunctionVerdict:
    """The checks in ``tests_dir`` for ``name``, run on ``namespace[name]`` in this process.

    Raises:
        UnknownFunction: ``name`` is not a graded function of the course.
    """
    from autograder.outcomes import Recorder
    from autograder.selfstudy.in_process import InProcessProgram
    from autograder.suite import collect

    config = config or course()
    if name not in {fn.name for fn in config.functions()}:
        raise UnknownFunction(name)
    function = namespace.get(name)
    if not callable(function):
        return FunctionVerdict(name, "missing")
    cases = [case for case in collect(Path(tests_dir)) if case.function == name]
    recorder = Recorder(lang)
    recorder.signatures = {name: _signature(function)}
    recorder.run(cases, InProcessProgram(namespace, config.sandbox.call_timeout_seconds))
    return verdict(name, recorder.results(config.points))


def language(lang: str | None, namespace: Mapping[str, object] | None = None) -> str:
    """The learner's language: ``lang``, ``AUTOGRADER_LANG``, the notebook's metadata,
    or the course's default."""
    if lang in LANGUAGES:
        return lang
    env = os.environ.get("AUTOGRADER_LANG")
    if env in LANGUAGES:
        return env
    for candidate in (os.environ.get("JPY_SESSION_NAME"), (namespace or {}).get("__session__")):
        found = _notebook_language(candidate)
        if found:
            return found
    return course().default_language


def _notebook_language(path) -> str | None:
    """``metadata.course.language`` of the notebook at ``path`` (Jupyter tells the kernel)."""
    if not isinstance(path, str) or not path.endswith(".ipynb"):
        return None
    try:
        metadata = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})
        found = metadata.get("course", {}).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return found if found in LANGUAGES else None


def _signature(function) -> str:
    try:
        return str(inspect.signature(function))
    except (TypeError, ValueError):
        return "(...)"


def _say(key: str, lang: str, **params) -> None:
    try:
        print(message(key, lang, **params))
    except Exception:
        print(f"{key}: {params}")
