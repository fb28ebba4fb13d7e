"""The learner's own Python namespace, seen as the checks see a sandboxed submission.

:class:`InProcessProgram` has the methods of :class:`autograder.student.StudentProgram`
that the checks use (``call(name, args, kwargs, readonly=, return_inputs=)`` and
``program.softmax(...)``) and raises the same exception classes. Arguments and
results go through :mod:`autograder.sandbox.wire` exactly as they would cross the
sandbox's pipe, so the learner's function gets fresh arrays (it cannot change the
checks' data) and the checks get the same plain data (exact ``ndarray``, tuples,
dicts, :class:`~autograder.sandbox.wire.Opaque` for anything else).

It runs in the learner's kernel: no isolation, only a time-out guard. In the main
thread the guard is ``SIGALRM``, which interrupts a pure-Python endless loop; in
other threads the call runs in a daemon thread that is abandoned when late.
"""

from __future__ import annotations

import inspect
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from autograder.sandbox import wire
from autograder.student import (
    BadReturnValue,
    FunctionCrashed,
    FunctionMissing,
    FunctionRaised,
    FunctionTimedOut,
    StudentError,
    answer_of,
)

MAX_TEXT = 2000
_LIBRARY_ROOTS = tuple(
    {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, os.path.dirname(os.__file__))}
)
_GRADER_ROOT = os.path.realpath(os.path.dirname(os.path.dirname(__file__)))


class _CallTimedOut(BaseException):
    """Raised inside the learner's function by the alarm (a BaseException, so that
    ``except Exception`` in the learner's code does not swallow it)."""


class InProcessProgram:
    """Calls functions found in ``namespace`` (a notebook's globals) like the sandbox would."""

    layers: tuple[str, ...] = ("in-process",)
    sandboxed = False
    load_outcomes: tuple = ()  # nothing is loaded: the learner's kernel ran the cells

    def __init__(self, namespace: Mapping[str, object], call_timeout_seconds: float = 5.0):
        self.namespace = namespace
        self.call_timeout_seconds = call_timeout_seconds
        self._broken: dict[str, StudentError] = {}

    def call(self, name: str, args: tuple = (), kwargs: dict | None = None, *,
             readonly: bool = False, return_inputs: bool = False):
        """Call the learner's ``name(*args, **kwargs)``; see ``StudentProgram.call``.

        Raises:
            StudentError: a subclass that says why there is no answer.
        """
        if name in self._broken:
            raise self._broken[name]
        function = self.namespace.get(name)
        if not callable(function):
            raise FunctionMissing(name)
        tree, blobs = wire.encode({"args": tuple(args), "kwargs": kwargs or {}})
        sent = wire.decode(tree, blobs)
        call_args, call_kwargs = sent["args"], sent["kwargs"]
        if readonly:
            freeze(call_args)
            freeze(call_kwargs)
        try:
            result = _with_timeout(lambda: function(*call_args, **call_kwargs),
                                   self.call_timeout_seconds)
        except _CallTimedOut:
            timed_out = FunctionTimedOut(name, self.call_timeout_seconds)
            self._broken[name] = timed_out
            raise timed_out from None
        except (SystemExit, KeyboardInterrupt) as exc:
            crashed = FunctionCrashed(name, f"{type(exc).__name__}")
            self._broken[name] = crashed
            raise crashed from None
        except Exception as exc:
            raise FunctionRaised(name, describe_error(exc)) from None
        try:
            tree, blobs = wire.encode(
                {"result": result, "args": (call_args, call_kwargs) if return_inputs else None}
            )
            received = wire.decode(tree, blobs)
        except Exception as exc:  # e.g. an __array__ that raises something unexpected
            raise BadReturnValue(name, f"{type(exc).__name__}: {exc}"[:MAX_TEXT]) from None
        return answer_of(name, received, return_inputs)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, args, kwargs)

    def defined_functions(self, names: list[str]) -> dict[str, str]:
        """Which of ``names`` the namespace defines, with their signatures."""
        found = {}
        for name in names:
            function = self.namespace.get(name)
            if callable(function):
                try:
                    found[name] = str(inspect.signature(function))
                except (TypeError, ValueError):
                    found[name] = "(...)"
        return found

    def close(self) -> str:
        """Nothing to stop: the calls ran in this process, and nothing was captured."""
        return ""


def _with_timeout(run: Callable[[], object], seconds: float):
    """``run()``, stopped with :class:`_CallTimedOut` after ``seconds``."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _with_alarm(run, seconds)
    return _with_thread(run, seconds)


def _with_alarm(run: Callable[[], object], seconds: float):
    def on_alarm(signum, frame):
        raise _CallTimedOut

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:  # someone else's alarm was pending: give it back
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)


def _with_thread(run: Callable[[], object], seconds: float):
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = run()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="selfcheck-call")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _CallTimedOut
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


def freeze(value) -> None:
    """Mark every array inside ``value`` read-only (as the sandbox does)."""
    if isinstance(value, wire.np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, (list, tuple)):
        for item in value:
            freeze(item)
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)


def describe_error(exc: BaseException) -> dict:
    """The error as the sandbox's worker describes it (``FunctionRaised`` reads this)."""

    def safe(call, default: str) -> str:
        try:
            return str(call())[:MAX_TEXT]
        except Exception:
            return default

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_learner_code(f.filename)]
    for frame in frames:  # "Cell In[12]", as Jupyter numbers the cell, not a temporary file
        frame.filename = cell_name(frame.filename)
    return {
        "type": safe(lambda: type(exc).__name__, "Exception"),
        "message": safe(lambda: exc, ""),
        "traceback": "".join(traceback.format_list(frames[-5:]))[-4 * MAX_TEXT:],
        "value_error": isinstance(exc, ValueError),
        "not_implemented": isinstance(exc, NotImplementedError),
    }


def ipython_shell():
    """The running IPython shell (a Jupyter kernel), or None; IPython is never imported
    here only to find out that there is none."""
    ipython = sys.modules.get("IPython")
    try:
        return ipython.get_ipython() if ipython is not None else None
    except Exception:
        return None


def cell_name(filename: str) -> str:
    """IPython's name of the cell whose code is in ``filename`` (``<Cell In[12]>``), else
    ``filename``."""
    shell = ipython_shell()
    try:
        named = shell.compile.format_code_name(filename) if shell is not None else None
    except Exception:
        return filename
    return f"<{' '.join(named)}>" if named else filename


def is_learner_code(filename: str) -> bool:
    """Notebook cells and the learner's files; not the grader, Python or libraries."""
    if filename.startswith("<"):
        return True
    real = os.path.realpath(filename)
    if real.startswith(_GRADER_ROOT + os.sep):
        return False
    return not any(real.startswith(root + os.sep) for root in _LIBRARY_ROOTS)


if TYPE_CHECKING:  # the type checker proves it is a Program
    from autograder.program import Program

    _PROGRAM: type[Program] = InProcessProgram
