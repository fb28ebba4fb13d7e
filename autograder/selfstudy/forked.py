"""The learner's functions called in a copy of their kernel: a time-out nobody can swallow.

``check("softmax")`` must never freeze the notebook, even when the learner's function
loops inside a bare ``except:`` (which catches both the alarm an in-process guard
raises and the kernel's interrupt). :class:`ForkedProgram` forks the kernel: the
child is an exact copy of the learner's namespace at that moment and runs the calls
the checks ask for, with arguments and results crossing a pipe as plain data
(:mod:`autograder.sandbox.wire`, as in the grader). When a call overruns its time
limit, the kernel kills the child with SIGKILL, which cannot be caught, and asks it
first where it was (``faulthandler``). A function that timed out or crashed is not
called again, as in the grader; a later call of another function gets a fresh copy.

The copy is the learner's own code on their own machine, as in their kernel: not a
sandbox. It never touches the kernel's messaging (its output goes nowhere, ``input()``
and every kernel message are disabled in it) and leaves with ``os._exit``. Where
``os.fork`` is missing (Windows), :func:`program_for` gives the in-kernel guard of
:mod:`autograder.selfstudy.in_process` instead.
"""

from __future__ import annotations

import builtins
import faulthandler
import os
import re
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping
from typing import NoReturn

from autograder.sandbox import wire
from autograder.selfstudy.in_process import (
    InProcessProgram,
    cell_name,
    describe_error,
    freeze,
    ipython_shell,
    is_learner_code,
)
from autograder.student import (
    FunctionCrashed,
    FunctionMissing,
    FunctionRaised,
    FunctionTimedOut,
    StudentError,
    answer_of,
    call_request,
)

STACK_DUMP_SIGNAL = getattr(signal, "SIGUSR1", None)
STACK_FRAME = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')
REPLY_LIMIT = 64 << 20  # the checks' answers are a few KB
PR_SET_PDEATHSIG = 1


def supported() -> bool:
    """Whether calls can run in a forked copy of this process."""
    return hasattr(os, "fork") and STACK_DUMP_SIGNAL is not None


def program_for(namespace: Mapping[str, object], call_timeout: float, after_hang: float):
    """The program the checks call: a forked copy where possible, else the kernel itself."""
    if supported():
        return ForkedProgram(namespace, call_timeout, after_hang)
    return InProcessProgram(namespace, call_timeout)


class ForkedProgram:
    """Calls functions of ``namespace`` in forked copies of this process.

    Has the methods of :class:`autograder.student.StudentProgram` that the checks use
    (``call(name, args, kwargs, readonly=, return_inputs=)``, ``program.softmax(...)``)
    and raises the same exceptions.
    """

    layers: tuple[str, ...] = ("forked",)

    def __init__(self, namespace: Mapping[str, object], call_timeout_seconds: float = 1.0,
                 after_hang_seconds: float = 0.25) -> None:
        self.namespace = namespace
        self.call_timeout_seconds = call_timeout_seconds
        self.after_hang_seconds = after_hang_seconds
        self._broken: dict[str, StudentError] = {}
        self._child: _Child | None = None

    def call(self, name: str, args: tuple = (), kwargs: dict | None = None, *,
             readonly: bool = False, return_inputs: bool = False):
        """Call the learner's ``name(*args, **kwargs)`` in the copy; see ``StudentProgram.call``.

        Raises:
            StudentError: a subclass that says why there is no answer.
        """
        if name in self._broken:
            raise self._broken[name]
        if not callable(self.namespace.get(name)):
            raise FunctionMissing(name)
        header, blobs = call_request(name, args, kwargs or {}, readonly=readonly,
                                     return_inputs=return_inputs)
        hung_before = any(isinstance(e, FunctionTimedOut) for e in self._broken.values())
        timeout = self.after_hang_seconds if hung_before else self.call_timeout_seconds
        if self._child is None or not self._child.alive():
            self._child = _Child.start(self.namespace)
        try:
            reply, value = self._child.request(header, blobs, timeout)
        except _ChildTimedOut as late:
            self._child = None
            error: StudentError = FunctionTimedOut(name, timeout, late.where)
            self._broken[name] = error
            raise error from None
        except _ChildDied as died:
            self._child = None
            error = FunctionCrashed(name, died.detail)
            self._broken[name] = error
            raise error from None
        if not reply.get("ok"):
            raise FunctionRaised(name, reply.get("error") or {})
        return answer_of(name, value, return_inputs)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, args, kwargs)

    def close(self) -> None:
        """Stop the copy (it holds nothing the kernel needs)."""
        if self._child is not None:
            self._child.stop()
            self._child = None


class _ChildTimedOut(Exception):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


class _ChildDied(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class _Child:
    """One forked copy of the kernel and its two pipes."""

    def __init__(self, pid: int, to_child: int, from_child: int, dump_path: str) -> None:
        self.pid, self.to_child, self.from_child, self.dump_path = (
            pid, to_child, from_child, dump_path)
        self._status: int | None = None

    @classmethod
    def start(cls, namespace: Mapping[str, object]) -> _Child:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        handle, dump_path = tempfile.mkstemp(prefix="selfcheck-stack-")
        os.close(handle)
        with warnings.catch_warnings():  # Python 3.12+ warns about forking with threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the copy: serve, and never return into the kernel's code
            try:
                os.close(request_write)
                os.close(reply_read)
                _become_copy(dump_path)
                _serve(request_read, reply_write, namespace)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(reply_write)
        return cls(pid, request_write, reply_read, dump_path)

    def alive(self) -> bool:
        if self._status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self._status = -1
            return False
        if pid:
            self._status = status
            return False
        return True

    def request(self, header: dict, blobs: list[bytes], timeout: float) -> tuple[dict, object]:
        """Send one call and wait for its answer at most ``timeout`` seconds."""
        try:
            wire.send(self.to_child, header, blobs)
        except OSError:
            raise _ChildDied(self._ended()) from None
        def timed_out() -> NoReturn:
            where = self.where_stuck()
            self.stop()
            raise _ChildTimedOut(where)

        read_exactly = wire.DeadlineReader(self.from_child, time.monotonic() + timeout, timed_out)

        try:
            reply, reply_blobs = wire.receive(read_exactly, max_bytes=REPLY_LIMIT)
            value = wire.decode(reply["value"], reply_blobs) if "value" in reply else None
        except KeyboardInterrupt:  # the learner interrupted the kernel: end the copy too
            self.stop()
            raise
        except EOFError:
            detail = self._ended()
            self.stop()
            raise _ChildDied(detail) from None
        except wire.WireError as exc:
            self.stop()
            raise _ChildDied(str(exc)) from None
        return reply, value

    def where_stuck(self, wait: float = 0.3) -> str:
        """Where the copy runs now: ``"line N of Cell In[K], in f"`` (empty if unknown)."""
        if STACK_DUMP_SIGNAL is None:
            return ""
        try:
            os.kill(self.pid, STACK_DUMP_SIGNAL)
        except OSError:
            return ""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                with open(self.dump_path, encoding="utf-8", errors="replace") as dump:
                    frames = STACK_FRAME.findall(dump.read(16384))
            except OSError:
                return ""
            if frames:
                for filename, line, function in frames:  # innermost first
                    label = cell_name(filename)
                    if label.startswith("<") or is_learner_code(filename):  # not a library
                        return f"line {line} of {label}, in {function}"
                return ""
        return ""

    def _ended(self, wait: float = 0.5) -> str:
        """How the copy ended (it closed its pipe: give it a moment to be gone)."""
        deadline = time.monotonic() + wait
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        status = self._status
        if status is None or status < 0:
            return "the process ended"
        if os.WIFSIGNALED(status):
            return f"the process was killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
        return f"the process exited with status {os.waitstatus_to_exitcode(status)}"

    def stop(self) -> None:
        if self.alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                _, self._status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                self._status = -1
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self.to_child = self.from_child = -1
        try:
            os.unlink(self.dump_path)
        except OSError:
            pass


# ---------------------------------------------------------------- in the copy


def _become_copy(dump_path: str) -> None:
    """Cut every tie to the kernel's input, output and messages; die with the kernel."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sys.stdin = open(os.devnull, encoding="utf-8")  # kept open until os._exit
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")

    def no_input(*args, **kwargs):
        raise EOFError("input() is not available during a check")

    builtins.input = no_input
    try:  # display(), plots and widgets would send messages on the kernel's sockets
        shell = ipython_shell()
        kernel = getattr(shell, "kernel", None)
        if kernel is not None:
            kernel.session.send = lambda *args, **kwargs: None
        if shell is not None:
            shell.display_pub.publish = lambda *args, **kwargs: None
            shell.display_pub.clear_output = lambda *args, **kwargs: None
    except Exception:
        pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    dump = open(dump_path, "w", encoding="utf-8")
    if STACK_DUMP_SIGNAL is not None:  # (copies exist only where fork does: POSIX, which has it)
        faulthandler.register(STACK_DUMP_SIGNAL, file=dump, all_threads=False)
    if sys.platform.startswith("linux"):
        import ctypes

        parent = os.getppid()
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)


def _serve(fd_in: int, fd_out: int, namespace: Mapping[str, object]) -> None:
    read_exactly = wire.blocking_reader(fd_in)
    while True:
        try:
            message, blobs = wire.receive(read_exactly)
        except (EOFError, wire.WireError):
            return
        reply, reply_blobs = _handle(message, blobs, namespace)
        wire.send(fd_out, reply, reply_blobs)


def _handle(message: dict, blobs: list[bytes], namespace: Mapping[str, object]):
    function = namespace.get(message.get("function", ""))
    if message.get("op") != "call" or not callable(function):
        return {"ok": False, "missing": True}, []
    args = wire.decode(message["args"], blobs)
    kwargs = wire.decode(message["kwargs"], blobs)
    if message.get("readonly"):
        freeze(args)
        freeze(kwargs)
    try:
        result = function(*args, **kwargs)
        tree, out_blobs = wire.encode(
            {"result": result, "args": (args, kwargs) if message.get("return_inputs") else None})
    except BaseException as exc:  # SystemExit, KeyboardInterrupt too: this call only
        return {"ok": False, "error": describe_error(exc)}, []
    return {"ok": True, "value": tree}, out_blobs
