"""The grader's side of one student process.

:class:`StudentProcess` starts ``worker.py`` in a fresh interpreter, with its
own empty work directory, a clean environment, its output captured to a
capped file, and two pipes for the data-only protocol of :mod:`.wire`. Every
request has a deadline enforced here, from outside: when it passes, the
process is killed (SIGKILL cannot be caught or ignored).
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn

from autograder.sandbox import waiting, wire, zygote
from autograder.sandbox.cleanup import remove_tree
from autograder.sandbox.plan import keep_plan, plan_key, remembered_plan
from autograder.sandbox.sanitise import clean_text, loads_clean

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
# A frame in a faulthandler dump (most recent call first).
STACK_FRAME = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')


@dataclass(frozen=True)
class Limits:
    """What one student process may use."""

    memory_mb: int = 1024
    file_size_mb: int = 16
    output_kb: int = 64
    reply_mb: int = 16
    cpu_seconds: float = 130
    start_timeout_seconds: float = 20


class StudentProcessDied(Exception):
    """The process exited, was killed or broke the protocol; ``reason`` says which."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason  # "crashed", "timeout" or "protocol"
        self.detail = detail


class SandboxUnavailable(Exception):
    """No sandbox can be started here: the submission cannot be graded (not its fault)."""


class SandboxStartError(StudentProcessDied):
    """The sandbox could not be set up; no student code had run (the grader's problem)."""

    def __init__(self, detail: str) -> None:
        super().__init__("crashed", f"the sandbox could not start: {detail}")


@dataclass
class Reply:
    """A decoded answer from the student process."""

    ok: bool
    header: dict
    value: object = None


class StudentProcess:
    """One locked-down interpreter running one submission's code."""

    def __init__(self, limits: Limits, protected: list[Path], module_name: str = "__main__",
                 *, allowed_packages: Sequence[str] = (), forbidden_modules: Sequence[str] = (),
                 preload: Sequence[str] = ()):
        """
        Args:
            protected: paths the student process must not see.
            allowed_packages: installed distributions student code may import (with what
                they require), besides the standard library.
            forbidden_modules: module names to refuse with a clear error (the grader's own).
            preload: modules the fork server imports first, so every child has them.
        """
        self.limits = limits
        self.protected = [str(p) for p in protected]
        self.module_name = module_name
        self.allowed_packages = list(allowed_packages)
        self.forbidden_modules = list(forbidden_modules)
        self.preload = list(preload)
        self.layers: list[str] = []
        self._proc: subprocess.Popen | None = None
        self._base: str | None = None
        self._workdir: str | None = None
        self._to_child = self._from_child = -1
        self._output_file: BinaryIO | None = None
        self._pidfd: int | None = None
        self._last_blobs: list[bytes] = []
        self.poll_seconds = waiting.poll_seconds()  # before each side blocks for the other

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        # <base>/work is the student's folder (the only one it sees and writes), <base>/root
        # the mount point its file-system view is built on; the rest of <base> (its output,
        # the record of how it ended) is the grader's.
        self._base = tempfile.mkdtemp(prefix="autograder-")
        os.chmod(self._base, 0o711)  # a student process with a uid of its own must reach work/
        self._workdir = os.path.join(self._base, "work")
        os.mkdir(self._workdir, 0o700)
        os.mkdir(os.path.join(self._base, "root"), 0o700)
        child_in, self._to_child = os.pipe()
        self._from_child, child_out = os.pipe()
        self._output_file = open(os.path.join(self._base, "output"), "w+b")
        config = {
            "fd_in": child_in,
            "fd_out": child_out,
            "workdir": self._workdir,
            "rootdir": os.path.join(self._base, "root"),
            "status_file": os.path.join(self._base, "status.json"),
            "protected": self.protected,
            "allowed_packages": self.allowed_packages,
            "forbidden_modules": self.forbidden_modules,
            "module_name": self.module_name,
            "poll_seconds": self.poll_seconds,
            "env": {"HOME": self._workdir, "TMPDIR": self._workdir,
                    "MPLCONFIGDIR": os.path.join(self._workdir, ".matplotlib")},
            "limits": {
                "memory_mb": self.limits.memory_mb,
                "file_size_mb": self.limits.file_size_mb,
                "cpu_seconds": self.limits.cpu_seconds,
            },
        }
        try:
            if zygote.supported():
                self._start_forked(config, (child_in, child_out, self._output_file.fileno()))
            else:
                self._start_interpreter(config, (child_in, child_out))
        finally:
            os.close(child_in)
            os.close(child_out)
        try:
            reply = self._receive(self.limits.start_timeout_seconds)
        except StudentProcessDied as died:
            raise SandboxStartError(died.detail or died.reason) from None
        if not reply.get("ok"):
            error = reply.get("error")
            message = error.get("message", "") if isinstance(error, dict) else ""
            self.kill()
            raise SandboxStartError(message or "unknown error")
        self.layers = [str(layer) for layer in reply.get("layers", [])]

    def _start_forked(self, config: dict, fds: tuple[int, int, int]) -> None:
        server = zygote.get()
        if self.preload:
            server.preload(self.preload)
        key = plan_key(config["protected"], config["allowed_packages"],
                       config["forbidden_modules"])
        config = {**config, "plan": remembered_plan(key)}
        try:
            pid, computed = server.spawn(config, fds)
            if computed is not None:
                keep_plan(key, computed)
            self._pidfd = os.pidfd_open(pid)
        except (zygote.ZygoteError, OSError) as exc:
            zygote.reset()  # a fresh fork server for the next attempt
            raise SandboxStartError(str(exc)) from None

    def _start_interpreter(self, config: dict, fds: tuple[int, int]) -> None:
        env = zygote.base_environment(config["workdir"])
        env.update(config["env"])
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-u", str(WORKER_SCRIPT), json.dumps(config)],
            stdin=subprocess.DEVNULL,
            stdout=self._output_file,
            stderr=subprocess.STDOUT,
            pass_fds=fds,
            cwd=self._workdir,
            env=env,
            start_new_session=True,  # its own process group: nothing it does reaches ours
        )

    @property
    def alive(self) -> bool:
        if self._pidfd is not None:
            return not select.select([self._pidfd], [], [], 0)[0]  # readable once it exits
        return self._proc is not None and self._proc.poll() is None

    def kill(self) -> None:
        """Stop the process for good (SIGKILL: it cannot be caught or ignored)."""
        if self._pidfd is not None:
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass
            select.select([self._pidfd], [], [], 5)
            os.close(self._pidfd)
            self._pidfd = None
        if self._proc is not None:
            if self._proc.poll() is None:
                try:
                    os.killpg(self._proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1

    def close(self) -> str:
        """Kill the process, clean up and return its captured output."""
        self.kill()
        output = self.output()
        if self._output_file is not None:
            self._output_file.close()
            self._output_file = None
        if self._base:
            remove_tree(self._base)
            self._base = self._workdir = None
        return output

    def output(self) -> str:
        """The first ``output_kb`` of what the student printed, with a note if cut."""
        if self._output_file is None:
            return ""
        limit = self.limits.output_kb * 1024
        self._output_file.seek(0, os.SEEK_END)
        size = self._output_file.tell()
        self._output_file.seek(0)
        text = clean_text(self._output_file.read(limit).decode("utf-8", "replace"), limit)
        if size > limit:
            text += f"\n[... {size - limit} more bytes of output not shown]"
        return text

    # ------------------------------------------------------------ requests

    def request(self, header: dict, blobs: list[bytes], timeout: float) -> Reply:
        """Send one request and wait at most ``timeout`` seconds for the answer."""
        if not self.alive:
            raise StudentProcessDied("crashed", self._exit_description())
        try:
            wire.send(self._to_child, header, blobs)
        except OSError:
            raise StudentProcessDied("crashed", self._exit_description()) from None
        reply_header = self._receive(timeout)
        value = None
        if reply_header.get("ok") and "value" in reply_header:
            try:
                value = wire.decode(reply_header["value"], self._last_blobs)
            except wire.WireError as exc:
                self.kill()
                raise StudentProcessDied("protocol", str(exc)) from None
        return Reply(ok=bool(reply_header.get("ok")), header=reply_header, value=value)

    def _receive(self, timeout: float) -> dict:
        def timed_out() -> NoReturn:
            where = self.where_stuck()
            self.kill()
            raise StudentProcessDied("timeout", where)

        deadline = time.monotonic() + timeout
        wire.poll(self._from_child, self.poll_seconds, deadline)  # before blocking for it
        read_exactly = wire.DeadlineReader(self._from_child, deadline, timed_out)
        try:
            header, self._last_blobs = wire.receive(read_exactly,
                                                    max_bytes=self.limits.reply_mb << 20,
                                                    loads=loads_clean)
        except EOFError:
            self._wait_for_keeper()
            description = self._exit_description()
            self.kill()
            raise StudentProcessDied("crashed", description) from None
        except wire.WireError as exc:
            self.kill()
            raise StudentProcessDied("protocol", str(exc)) from None
        if read_exactly.buffer:  # anything after the answer was not asked for
            self.kill()
            raise StudentProcessDied("protocol", "unexpected data after the answer")
        return header

    def where_stuck(self, wait: float = 0.3) -> str:
        """Where the student's code is running now, as ``"line N of <cell K>, in f"``.

        The student process dumps its stack (``faulthandler``) on SIGUSR1 into its
        output; the innermost frame of the student's own code is reported. Empty
        when the process does not answer (it may have replaced the handler).
        """
        if self._output_file is None or not self.alive:
            return ""
        self._output_file.seek(0, os.SEEK_END)
        start = self._output_file.tell()
        try:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGUSR1)
            elif self._proc is not None:
                self._proc.send_signal(signal.SIGUSR1)
        except (ProcessLookupError, OSError):
            return ""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.02)
            self._output_file.seek(start)
            dump = self._output_file.read(16384).decode("utf-8", "replace")
            frames = STACK_FRAME.findall(dump)
            if frames:
                student = [f for f in frames if f[0].startswith("<")]
                if student:
                    label, line, function = student[0]
                    return f"line {line} of {label}, in {function}"
                return ""
        return ""

    def _wait_for_keeper(self, seconds: float = 0.5) -> None:
        """Give the keeper a moment to record how the student process ended."""
        if self._pidfd is not None:
            select.select([self._pidfd], [], [], seconds)

    def _exit_description(self) -> str:
        if self._proc is None:  # forked: the keeper records how the student process ended
            try:
                with open(os.path.join(self._base or "", "status.json")) as record:
                    status = json.load(record)
            except (OSError, ValueError):
                return "the process ended"
            if "signal" in status:
                return describe_signal(int(status["signal"]))
            return f"the process exited with status {status.get('exit')}"
        code = self._proc.poll()
        if code is None:
            return "the process stopped answering"
        if code < 0:
            return describe_signal(-code)
        return f"the process exited with status {code}"

    # ------------------------------------------------------------ context manager


    def __enter__(self) -> StudentProcess:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def describe_signal(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = str(number)
    return f"the process was killed by signal {name}"
