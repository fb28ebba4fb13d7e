"""The fork server that starts student processes (the grader's side).

One zygote per grader process, started on first use: a ``worker.py
--zygote`` interpreter that has imported NumPy and forks a fresh student
process per request (about 2 ms instead of about 100 ms for a new
interpreter). It never runs student code. Each forked child is handed three
descriptors (its request pipe, its answer pipe, its output file) and locks
itself down before anything else runs.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

WORKER_SCRIPT = Path(__file__).with_name("worker.py")


def cache_dir() -> str:
    """A per-user folder for caches that the zygote may keep (matplotlib's font list)."""
    path = Path(tempfile.gettempdir()) / f"autograder-cache-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return str(path)


def base_environment(home: str) -> dict[str, str]:
    """The whole environment of a student process: nothing of the grader's leaks in."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # keep this machine's BLAS fixes
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def supported() -> bool:
    """Fork servers are used on Linux, where fork after NumPy import is safe."""
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open")


class ZygoteError(Exception):
    """The fork server could not start or stopped answering."""


class Zygote:
    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._socket = ours
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self.preloaded: set[str] = set()
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-u", str(WORKER_SCRIPT), "--zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env,
            start_new_session=True,
        )
        theirs.close()

    @property
    def usable(self) -> bool:
        return self._owner == os.getpid() and self._proc.poll() is None

    def spawn(self, config: dict, fds: tuple[int, int, int]) -> tuple[int, dict | None]:
        """Fork a student process with ``fds`` (request pipe, answer pipe, output file).

        Returns its pid, and the view plan the fork server computed for it (None when
        ``config`` brought one: see :mod:`autograder.sandbox.plan`).
        """
        answer = self._request(config, fds)
        plan = answer.get("plan")
        return int(answer["pid"]), plan if isinstance(plan, dict) else None

    def preload(self, modules: list[str]) -> None:
        """Import ``modules`` in the zygote, so that every later child has them."""
        missing = [m for m in modules if m not in self.preloaded]
        if missing:
            self._request({"op": "preload", "modules": missing}, ())
            self.preloaded.update(missing)

    def _request(self, message: dict, fds) -> dict:
        with self._lock:
            try:
                socket.send_fds(self._socket, [json.dumps(message).encode()], list(fds))
                answer = self._socket.recv(1 << 20)
            except OSError as exc:
                raise ZygoteError(f"the fork server failed: {exc}") from None
        if not answer:
            raise ZygoteError("the fork server stopped")
        return json.loads(answer)

    def peak_memory_mb(self) -> float:
        """The fork server's peak resident memory (Linux), mostly shared with its children."""
        try:
            status = Path(f"/proc/{self._proc.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> None:
        """Stop the fork server. It keeps nothing worth a clean exit (it never writes a
        file after start-up), so it is killed rather than left to finalise NumPy's
        interpreter, which would keep the grader waiting about 30 ms."""
        self._socket.close()
        if self._owner == os.getpid():
            self._proc.kill()
            self._proc.wait()


_zygote: Zygote | None = None
_zygote_lock = threading.Lock()


def get() -> Zygote:
    """This process's zygote, started (or restarted) when needed.

    Call it early (the command line does, before its heavy imports) so that the
    zygote's own start-up runs in parallel with the grader's.
    """
    global _zygote
    with _zygote_lock:
        if _zygote is None or not _zygote.usable:
            _zygote = Zygote(base_environment(cache_dir()))
        return _zygote


def reset() -> None:
    """Stop this process's zygote; the next :func:`get` starts a new one."""
    global _zygote
    with _zygote_lock:
        if _zygote is not None:
            if _zygote.usable:
                _zygote.close()
            _zygote = None


@atexit.register
def _stop() -> None:
    if _zygote is not None and _zygote.usable:
        _zygote.close()
