"""Instant feedback in a notebook: ``check("softmax")``.

In a notebook's setup cell::

    from autograder.selfcheck import check

and after an exercise::

    check("softmax", lang="en")

runs the public checks (``autograder/public/``) against the ``softmax`` the learner
defined in the notebook and prints one coloured line per check. The learner's
function runs in a forked copy of the kernel (:mod:`autograder.selfstudy.forked`),
stopped from outside when it overruns the course's time limit, so no ``except:`` in
the learner's code can keep the cell from finishing. When the function fails and a
function it builds on fails too, a hint says to fix that one first; when the cell
that defines it did not run to the end, the line says so.

The language is ``lang`` (the course's notebooks write it into every check cell, from
the notebook's own metadata), else the language in the metadata of the notebook the
front end names (VS Code, JupyterLab), else ``AUTOGRADER_LANG``, else the course's.

Importing this module starts a background thread that loads the rest of the checker
and the public checks while the learner writes code, so the first check answers
about as fast as the next ones.

It never raises: a missing function, ``NotImplementedError`` ("not started yet"), a
hanging or crashing function, even a broken checker, all become one friendly line.
It never decides a grade: inside the grader's sandbox this module is replaced by a
no-op (``autograder/sandbox/worker.py``).
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from autograder.config import LANGUAGES, Course, course
from autograder.feedback import message
from autograder.selfstudy.suites import PUBLIC_TESTS_DIR
from autograder.selfstudy.verdicts import FunctionVerdict, verdict

__all__ = ["check", "run_check"]


def _warm_up() -> None:
    """Import the checker and the public checks (their remembered plan), once."""
    try:
        import rich.console
        import rich.text  # noqa: F401

        from autograder.suite import collect

        collect(PUBLIC_TESTS_DIR)
    except Exception:
        pass  # the first check does it again, and says what fails


_WARM_UP = threading.Thread(target=_warm_up, daemon=True, name="selfcheck warm-up")
_WARM_UP.start()


class UnknownFunction(Exception):
    """``check("name")`` for a name that is not a graded function."""


def check(name: str, lang: str | None = None) -> None:
    """Run the public checks of ``name`` on the caller's ``name`` and print the result.

    Args:
        name: a graded function, e.g. ``"softmax"``.
        lang: ``"tr"`` or ``"en"``; by default the notebook's language.
    """
    _WARM_UP.join()
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
    """The checks in ``tests_dir`` for ``name``, run on ``namespace[name]``.

    The function runs in a forked copy of this process where possible. When it fails
    for real, the functions it builds on are checked too, for the hint; when the cell
    that should define it did not run to the end, a note says so.

    Raises:
        UnknownFunction: ``name`` is not a graded function of the course.
    """
    from autograder.hints import builds_on_hint, foundations_to_fix
    from autograder.selfstudy.forked import program_for
    from autograder.selfstudy.kernel_history import definition_note

    config = config or course()
    if name not in {fn.name for fn in config.functions()}:
        raise UnknownFunction(name)
    limits = config.sandbox
    program = program_for(namespace, limits.call_timeout_seconds,
                          limits.call_timeout_after_hang_seconds)
    try:
        result = _checked(name, namespace, lang, tests_dir, config, program)
        states = {name: result.state}
        if result.state == "wrong":
            for foundation in config.builds_on(name):
                states[foundation] = _checked(foundation, namespace, lang, tests_dir, config,
                                              program).state
        foundations = foundations_to_fix(name, states, config)
        if foundations:
            result.notes.append(builds_on_hint(name, foundations, lang))
    finally:
        program.close()
    note = definition_note(name, namespace, lang)
    if note:
        result.notes.insert(0, note)
    return result


def _checked(name: str, namespace: Mapping[str, object], lang: str, tests_dir: Path,
             config: Course, program) -> FunctionVerdict:
    from autograder.outcomes import ExpectedSignatures, Recorder
    from autograder.suite import collect

    function = namespace.get(name)
    if not callable(function):
        return FunctionVerdict(name, "missing")
    cases = [case for case in collect(Path(tests_dir)) if case.function == name]
    recorder = Recorder(lang, ExpectedSignatures())
    recorder.signatures = {name: _signature(function)}
    recorder.run(cases, program)
    return verdict(name, recorder.results(config.points))


def language(lang: str | None, namespace: Mapping[str, object] | None = None) -> str:
    """The learner's language: ``lang``, else the language in the metadata of the notebook
    the front end names, else ``AUTOGRADER_LANG``, else the course's default."""
    if lang in LANGUAGES:
        return lang
    for candidate in notebook_paths(namespace or {}):
        found = _notebook_language(candidate)
        if found:
            return found
    env = os.environ.get("AUTOGRADER_LANG")
    if env in LANGUAGES:
        return env
    return course().default_language


def notebook_paths(namespace: Mapping[str, object]) -> list[object]:
    """The notebook files front ends name to the kernel: VS Code's ``__vsc_ipynb_file__``,
    JupyterLab's ``__session__`` and ``JPY_SESSION_NAME``."""
    return [namespace.get("__vsc_ipynb_file__"), namespace.get("__session__"),
            os.environ.get("JPY_SESSION_NAME")]


def _notebook_language(path) -> str | None:
    """``metadata.course.language`` of the notebook at ``path``."""
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
