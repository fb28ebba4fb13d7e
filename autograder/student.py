"""A submission, loaded in a sandbox, seen as functions the hidden tests can call.

:class:`StudentProgram` owns the student process. It runs the submission's
code one chunk (notebook cell) at a time, so that a cell that hangs, crashes
the interpreter or calls ``os._exit`` costs only that cell: the process is
restarted and the other cells are replayed. A replay runs exactly the cells the
first load ran to their end or to an exception (a cell that raised part-way
raises again at the same point and leaves the same partial effects), so what a
restarted process holds is what the first one held after loading. A function
that hangs or crashes once is not called again (each later call fails at once),
so one bad function costs one time-out, never one per test.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from autograder.config import SandboxLimits
from autograder.paths import PACKAGE_DIR, REPO_ROOT, SOLUTIONS_DIR
from autograder.sandbox import wire, zygote
from autograder.sandbox.process import (
    Limits,
    SandboxStartError,
    SandboxUnavailable,
    StudentProcess,
    StudentProcessDied,
)
from autograder.submission import Submission

MAX_RESTARTS = 5  # restarts not caused by a function that is then marked broken


class StudentError(Exception):
    """The student's code gave no answer; subclasses say why.

    ``feedback_key`` is the report's key for it (and its message's in ``messages/``): data
    that stays when a class is renamed.
    """

    feedback_key: ClassVar[str] = "error.internal"


class FunctionMissing(StudentError):
    feedback_key = "error.FunctionMissing"

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not defined")
        self.name = name


class FunctionRaised(StudentError):
    feedback_key = "error.FunctionRaised"  # (the report says error.raised or error.not_started)

    def __init__(self, name: str, error: dict) -> None:
        super().__init__(f"{name} raised {error.get('type')}: {error.get('message')}")
        self.name = name
        self.type_name = str(error.get("type", "Exception"))
        self.message = str(error.get("message", ""))
        self.traceback = str(error.get("traceback", ""))
        self.is_value_error = bool(error.get("value_error"))
        self.is_not_implemented = bool(error.get("not_implemented"))
        self.forbidden_module = str(error.get("forbidden_module") or "")


class FunctionTimedOut(StudentError):
    feedback_key = "error.FunctionTimedOut"

    def __init__(self, name: str, seconds: float, where: str = "") -> None:
        super().__init__(f"{name} did not return within {seconds:g} s")
        self.name = name
        self.seconds = seconds
        self.where = where  # e.g. "line 7 of <cell 12>, in softmax"


class FunctionCrashed(StudentError):
    feedback_key = "error.FunctionCrashed"

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name} stopped the Python process: {detail}")
        self.name = name
        self.detail = detail


class BadReturnValue(StudentError):
    feedback_key = "error.BadReturnValue"

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name} returned something that is not plain data: {detail}")
        self.name = name
        self.detail = detail


@dataclass
class ChunkOutcome:
    """How one cell (or the whole .py file) ran at load time."""

    label: str
    status: str  # "ok", "error", "timeout" or "crashed"
    error_type: str = ""
    message: str = ""
    seconds: float = 0.0
    forbidden_module: str = ""  # the import the course does not allow, when that was the error


@dataclass
class Returned:
    """A call's result, with the arguments as they were after the call."""

    value: object
    args: tuple
    kwargs: dict


def call_request(name: str, args: tuple, kwargs: dict, *, readonly: bool,
                 return_inputs: bool) -> tuple[dict, list[bytes]]:
    """The request header and blobs that ask a student process to call ``name``."""
    tree, blobs = wire.encode({"args": tuple(args), "kwargs": kwargs})
    header = {
        "op": "call", "function": name, "readonly": readonly, "return_inputs": return_inputs,
        "args": tree["$dict"]["args"], "kwargs": tree["$dict"]["kwargs"],
    }
    return header, blobs


def answer_of(name: str, value: object, return_inputs: bool):
    """A call's answer from its decoded reply ``value`` (``{"result": ..., "args": ...}``):
    the result, or a :class:`Returned` when ``return_inputs``.

    Raises:
        BadReturnValue: the result is not plain data, or the arguments cannot be read back.
    """
    reply = value if isinstance(value, dict) else {}
    result = reply.get("result")
    if isinstance(result, wire.Opaque):
        raise BadReturnValue(name, result.type_name)
    if return_inputs:
        returned_args = reply.get("args")
        if not isinstance(returned_args, tuple) or len(returned_args) != 2:
            raise BadReturnValue(name, "the arguments could not be read back")
        return Returned(result, tuple(returned_args[0]), dict(returned_args[1]))
    return result


# Heavy imports done once in the fork server when a submission uses them, so that
# each student process starts with them already loaded.
PRELOADS = {"matplotlib": ["matplotlib", "matplotlib.pyplot"], "seaborn": ["matplotlib.pyplot"]}


def preloads_for(submission: Submission) -> list[str]:
    modules: list[str] = []
    for marker, names in PRELOADS.items():
        if any(marker in chunk.code for chunk in submission.chunks):
            modules += [n for n in names if n not in modules]
    return modules


def protected_paths() -> list[Path]:
    """What the student process must never read: the grader, solutions, tests, quiz keys."""
    return [PACKAGE_DIR, SOLUTIONS_DIR, REPO_ROOT / "tests", REPO_ROOT / "quizzes",
            REPO_ROOT / ".git"]


# The grader's own packages: importing them fails with "not allowed" (they are not readable).
GRADER_MODULES = [PACKAGE_DIR.name, SOLUTIONS_DIR.name, "tests"]


def sandbox_layers(limits: SandboxLimits) -> list[str]:
    """The isolation layers a student process gets here (starts and stops an empty one).

    Raises:
        SandboxUnavailable: if none can be started.
    """
    submission = Submission(path=Path("<probe>"), kind="python")
    program = StudentProgram(submission, limits)
    try:
        program.load()
        return list(program.layers)
    finally:
        program.close()


class StudentProgram:
    """One submission's code running in a sandbox, callable function by function (a
    :class:`autograder.program.Program`)."""

    sandboxed = True

    def __init__(self, submission: Submission, limits: SandboxLimits, extra_protected=(),
                 deadline: float | None = None):
        """
        Args:
            deadline: ``time.monotonic()`` by which everything must be done (default: the
                total time-out from now).
        """
        self.submission = submission
        self.limits = limits
        self.protected = [*protected_paths(), *map(Path, extra_protected)]
        self.load_outcomes: list[ChunkOutcome] = []
        self.layers: list[str] = []
        self._process: StudentProcess | None = None
        self._replayed: list[int] = []  # chunks that ran to their end or to an exception
        self._broken: dict[str, StudentError] = {}
        self._restarts = 0
        self._output: list[str] = []
        self._deadline = deadline or time.monotonic() + limits.total_timeout_seconds

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        """Start the sandbox and run every chunk in order."""
        self._start_process()
        for index, chunk in enumerate(self.submission.chunks):
            if not chunk.code.strip():
                continue
            outcome = self._run_chunk(index)
            self.load_outcomes.append(outcome)
            if outcome.status in ("ok", "error"):
                self._replayed.append(index)
            else:  # it hung or killed the process: a new one, loaded as before
                self._restart()

    def _start_process(self) -> None:
        process = StudentProcess(
            Limits(
                memory_mb=self.limits.memory_mb,
                file_size_mb=self.limits.file_size_mb,
                output_kb=self.limits.output_kb,
                reply_mb=self.limits.reply_mb,
                cpu_seconds=self.limits.total_timeout_seconds + 10,
            ),
            self.protected,
            module_name=self.submission.module_name,
            allowed_packages=self.limits.allowed_packages,
            forbidden_modules=GRADER_MODULES,
            preload=preloads_for(self.submission),
        )
        try:
            process.start()
        except SandboxStartError:
            process.close()
            zygote.reset()  # one more try with a new fork server, then give up
            try:
                process.start()
            except SandboxStartError as died:
                process.close()
                raise SandboxUnavailable(died.detail) from None
        self._process = process
        self.layers = process.layers

    @property
    def _running(self) -> StudentProcess:
        """The student process (started by :meth:`_start`)."""
        if self._process is None:
            raise RuntimeError("the student process has not been started")
        return self._process

    def _run_chunk(self, index: int) -> ChunkOutcome:
        chunk = self.submission.chunks[index]
        return self._run_code(chunk.label, chunk.code)

    def _run_code(self, label: str, code: str) -> ChunkOutcome:
        timeout = self._budget(self.limits.cell_timeout_seconds)
        started = time.monotonic()
        try:
            reply = self._running.request({"op": "exec", "code": code, "label": label}, [],
                                          timeout)
        except StudentProcessDied as died:
            status = "timeout" if died.reason == "timeout" else "crashed"
            return ChunkOutcome(label, status, message=died.detail,
                                seconds=time.monotonic() - started)
        seconds = time.monotonic() - started
        if reply.ok:
            return ChunkOutcome(label, "ok", seconds=seconds)
        error = reply.header.get("error")
        error = error if isinstance(error, dict) else {}
        return ChunkOutcome(label, "error", str(error.get("type")),
                            str(error.get("message")), seconds=seconds,
                            forbidden_module=str(error.get("forbidden_module") or ""))

    def _restart(self) -> None:
        """Replace a dead process with a new one loaded exactly as the first load left it."""
        if self._process is not None:
            self._output.append(self._process.close())
        self._restarts += 1
        # A function that hung or crashed is never called again, so each of them may cost
        # one restart (a hanging softmax stops every function that uses it, once each);
        # MAX_RESTARTS more are for crashes at load time.
        if self._restarts > MAX_RESTARTS + len(self._broken):
            raise StudentProcessDied("crashed", "the submission crashed too many times")
        self._start_process()
        for index in list(self._replayed):
            if self._run_chunk(index).status in ("timeout", "crashed"):
                self._replayed.remove(index)  # it did not do that the first time: not again
                return self._restart()
        return None

    def _budget(self, seconds: float) -> float:
        return max(0.0, min(seconds, self._deadline - time.monotonic()))

    # ------------------------------------------------------------ calling

    def defined_functions(self, names: list[str]) -> dict[str, str]:
        """Which of ``names`` the submission defines, with their signatures."""
        try:
            self._ensure_alive()
            reply = self._running.request({"op": "describe", "names": names}, [], 5)
        except StudentProcessDied:
            return {}
        functions = reply.header.get("functions", {}) if reply.ok else {}
        return {str(k): str(v) for k, v in functions.items() if k in names}

    def peak_memory_mb(self) -> float:
        """The student process's peak resident memory so far, in MB (0 if unknown)."""
        try:
            self._ensure_alive()
            reply = self._running.request({"op": "stats"}, [], 5)
        except StudentProcessDied:
            return 0.0
        return float(reply.header.get("peak_rss_kb", 0)) / 1024

    def value(self, name: str):
        """The value of the student's variable ``name``, as plain data.

        Raises:
            FunctionMissing: if ``name`` is not defined.
            StudentError: a subclass that says why there is no answer.
        """
        try:
            self._ensure_alive()
            reply = self._running.request({"op": "get", "name": name}, [],
                                          self._budget(self.limits.call_timeout_seconds))
        except StudentProcessDied as died:
            raise self._failure(name, died, self.limits.call_timeout_seconds) from None
        if not reply.ok:
            raise FunctionMissing(name)
        result = reply.value.get("result") if isinstance(reply.value, dict) else None
        if isinstance(result, wire.Opaque):
            raise BadReturnValue(name, result.type_name)
        return result

    def run(self, label: str, code: str) -> ChunkOutcome:
        """Run ``code`` (an instructor's check) in the loaded program, as one more chunk."""
        self._ensure_alive()
        outcome = self._run_code(label, code)
        if outcome.status in ("timeout", "crashed"):
            self._restart()
        return outcome

    def call(self, name: str, args: tuple = (), kwargs: dict | None = None, *,
             readonly: bool = False, return_inputs: bool = False):
        """Call the student's ``name(*args, **kwargs)`` in the sandbox.

        Returns the result as plain data (exact ``numpy.ndarray``, numbers,
        tuples...), or a :class:`Returned` when ``return_inputs``.

        Raises:
            StudentError: a subclass that says why there is no answer.
        """
        if name in self._broken:
            raise self._broken[name]
        header, blobs = call_request(name, args, kwargs or {}, readonly=readonly,
                                     return_inputs=return_inputs)
        hung_before = any(isinstance(e, FunctionTimedOut) for e in self._broken.values())
        timeout = self._budget(self.limits.call_timeout_after_hang_seconds if hung_before
                               else self.limits.call_timeout_seconds)
        try:
            self._ensure_alive()
            reply = self._running.request(header, blobs, timeout)
        except StudentProcessDied as died:
            error = self._failure(name, died, timeout)
            self._broken[name] = error
            raise error from None
        if not reply.ok:
            if reply.header.get("missing"):
                raise FunctionMissing(name)
            details = reply.header.get("error")
            raise FunctionRaised(name, details if isinstance(details, dict) else {})
        return answer_of(name, reply.value, return_inputs)

    def _failure(self, name: str, died: StudentProcessDied, timeout: float) -> StudentError:
        if died.reason == "timeout":
            return FunctionTimedOut(name, round(timeout, 2), died.detail)
        if died.reason == "protocol":
            return BadReturnValue(name, died.detail)
        return FunctionCrashed(name, died.detail)

    def _ensure_alive(self) -> None:
        if self._process is None or not self._process.alive:
            self._restart()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, args, kwargs)

    # ------------------------------------------------------------ finishing

    def close(self) -> str:
        """Stop the sandbox; return everything the student printed."""
        if self._process is not None:
            self._output.append(self._process.close())
            self._process = None
        return "".join(self._output)

    def __enter__(self) -> StudentProgram:
        self.load()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
