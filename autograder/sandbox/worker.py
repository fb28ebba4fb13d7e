"""The student process: runs untrusted code and answers calls from the grader.

Started by :mod:`autograder.sandbox.process`, in one of two ways:

- ``python -I worker.py --zygote FD``: a fork server. It imports NumPy once and
  then, for every request on socket FD (a config and three file descriptors),
  forks a child that becomes one student process. A fork costs about 2 ms
  where a new interpreter costs about 100 ms. The zygote never runs student
  code; each child closes the zygote's socket before it does.
- ``python -I worker.py CONFIG``: one student process directly (where fork is
  not safe to rely on, e.g. macOS).

Either way, the student process imports nothing of the grader but its three
sibling modules, locks itself down (resource limits, a network namespace,
Landlock, seccomp), then serves messages on two pipes: ``exec`` runs one piece
of student code, ``call`` calls a student function on data-only arguments,
``describe`` reports signatures.
"""

from __future__ import annotations

import builtins
import ctypes
import inspect
import json
import os
import resource
import signal
import sys
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import landlock
import seccomp
import wire

del sys.path[0]

SYSTEM_READ_PATHS = [
    "/usr", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache", "/etc/localtime",
    "/etc/mime.types", "/dev/urandom", "/dev/zero",
]
SYSTEM_WRITE_PATHS = ["/dev/null"]
MAX_TEXT = 2000


# ---------------------------------------------------------------- lock-down


def apply_rlimits(limits: dict) -> None:
    mb = 1024 * 1024
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail instead of killing


def readable_roots(candidates: list[str], protected: list[str]) -> list[str]:
    """Every candidate path, minus the protected ones and everything beneath them.

    A candidate that contains a protected path is replaced by its children, so
    that only the protected part disappears.
    """
    protected = [os.path.realpath(p) for p in protected]
    roots: list[str] = []

    def visit(path: str) -> None:
        real = os.path.realpath(path)
        if any(real == p or real.startswith(p + os.sep) for p in protected):
            return
        if any(p.startswith(real.rstrip(os.sep) + os.sep) for p in protected):
            try:
                children = os.listdir(real)
            except OSError:
                return
            for child in children:
                visit(os.path.join(real, child))
            return
        if os.path.exists(real):
            roots.append(real)

    for path in candidates:
        visit(path)
    return sorted(set(roots))


def new_network_namespace() -> bool:
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    libc = ctypes.CDLL(None, use_errno=True)
    flags = clone_newnet if os.geteuid() == 0 else clone_newnet | clone_newuser
    return libc.unshare(flags) == 0


def lock_down(config: dict) -> list[str]:
    """Apply every layer available here; return the names of those in force."""
    layers = ["process", "rlimits"]
    if sys.platform != "linux":
        return layers
    if threading.active_count() != 1 or len(os.listdir("/proc/self/task")) != 1:
        raise RuntimeError("the student process must be single-threaded before lock-down")
    if new_network_namespace():
        layers.append("netns")
    candidates = [p for p in sys.path if p] + [sys.prefix, sys.base_prefix] + SYSTEM_READ_PATHS
    try:
        abi = landlock.restrict(
            readable_roots(candidates, config["protected"]),
            [config["workdir"], *SYSTEM_WRITE_PATHS],
        )
        layers.append(f"landlock-v{abi}")
    except landlock.LandlockUnavailable:
        pass
    try:
        seccomp.install()
        layers.append("seccomp")
    except seccomp.SeccompUnavailable:
        pass
    return layers


# ---------------------------------------------------------------- IPython stand-in


class _NoIPython:
    """Stands in for ``get_ipython()`` so that converted magics do no harm.

    ``%time`` / ``%%time``-like magics run their code; shell escapes and other
    magics do nothing.
    """

    RUNS_ITS_CODE = frozenset({"time", "timeit", "capture", "prun"})

    def __init__(self, namespace: dict) -> None:
        self._namespace = namespace

    def run_line_magic(self, name, line="", *args, **kwargs):
        if name in self.RUNS_ITS_CODE and line.strip():
            exec(compile(line, "<magic>", "exec"), self._namespace)

    def run_cell_magic(self, name, line="", cell="", *args, **kwargs):
        if name in self.RUNS_ITS_CODE:
            exec(compile(cell, "<magic>", "exec"), self._namespace)

    def system(self, *args, **kwargs):
        return None

    getoutput = system

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def stand_in_self_check() -> None:
    """Notebooks call ``check("softmax")`` from ``autograder.selfcheck`` in Jupyter.

    The grader is not importable here, so a stand-in module makes those cells
    do nothing instead of failing.
    """
    import types

    package = types.ModuleType("autograder")
    selfcheck = types.ModuleType("autograder.selfcheck")
    selfcheck.check = lambda *args, **kwargs: None
    package.selfcheck = selfcheck
    sys.modules.setdefault("autograder", package)
    sys.modules.setdefault("autograder.selfcheck", selfcheck)


def new_namespace(module_name: str) -> dict:
    namespace: dict = {"__name__": module_name, "__builtins__": builtins}
    namespace["get_ipython"] = lambda: _NoIPython(namespace)
    namespace["display"] = lambda *objects, **kwargs: print(*objects)
    return namespace


# ---------------------------------------------------------------- serving


def describe_error(exc: BaseException) -> dict:
    def safe(call, default: str) -> str:
        try:
            return str(call())[:MAX_TEXT]
        except BaseException:
            return default

    frames = traceback.extract_tb(exc.__traceback__)
    student_frames = [f for f in frames if f.filename.startswith("<")]  # cells and files
    tb = "".join(traceback.format_list(student_frames[-5:]))
    return {
        "type": safe(lambda: type(exc).__name__, "Exception"),
        "message": safe(lambda: exc, ""),
        "traceback": tb[-4 * MAX_TEXT:],
        "value_error": isinstance(exc, ValueError),
        "not_implemented": isinstance(exc, NotImplementedError),
    }


def freeze(value) -> None:
    """Mark every array inside ``value`` read-only."""
    if isinstance(value, wire.np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, (list, tuple)):
        for item in value:
            freeze(item)
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)


def handle(message: dict, blobs: list[bytes], namespace: dict) -> tuple[dict, list[bytes]]:
    op = message.get("op")
    if op == "exec":
        try:
            code = compile(message["code"], message["label"], "exec")
            exec(code, namespace)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: one cell only
            return {"ok": False, "error": describe_error(exc)}, []
        return {"ok": True}, []
    if op == "stats":
        return {"ok": True, "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, []
    if op == "describe":
        found = {}
        for name in message["names"]:
            obj = namespace.get(name)
            if callable(obj):
                try:
                    found[name] = str(inspect.signature(obj))[:MAX_TEXT]
                except (TypeError, ValueError):
                    found[name] = "(...)"
        return {"ok": True, "functions": found}, []
    if op == "call":
        function = namespace.get(message["function"])
        if not callable(function):
            return {"ok": False, "missing": True}, []
        args = wire.decode(message["args"], blobs)
        kwargs = wire.decode(message["kwargs"], blobs)
        if message.get("readonly"):
            freeze(args)
            freeze(kwargs)
        try:
            result = function(*args, **kwargs)
            tree, out_blobs = wire.encode(
                {"result": result, "args": (args, kwargs) if message.get("return_inputs") else None}
            )
        except BaseException as exc:
            return {"ok": False, "error": describe_error(exc)}, []
        return {"ok": True, "value": tree}, out_blobs
    return {"ok": False, "error": {"type": "ProtocolError", "message": f"unknown op {op!r}"}}, []


def serve(fd_in: int, fd_out: int, namespace: dict) -> None:
    read_exactly = wire.blocking_reader(fd_in)
    while True:
        try:
            message, blobs = wire.receive(read_exactly)
        except EOFError:
            return
        if message.get("op") == "quit":
            return
        reply, reply_blobs = handle(message, blobs, namespace)
        wire.send(fd_out, reply, reply_blobs)


STACK_DUMP_SIGNAL = signal.SIGUSR1


def student_main(config: dict, fd_in: int, fd_out: int) -> None:
    """Become one student process: limit, lock down, then serve requests."""
    import faulthandler

    # On a time-out the grader asks where the code is stuck before it kills it.
    faulthandler.register(STACK_DUMP_SIGNAL, file=sys.stderr, all_threads=False)
    os.environ.update(config.get("env", {}))
    apply_rlimits(config["limits"])
    os.chdir(config["workdir"])
    try:
        layers = lock_down(config)
    except Exception as exc:
        wire.send(fd_out, {"ok": False, "error": {"type": "SandboxError", "message": str(exc)}})
        return
    stand_in_self_check()
    wire.send(fd_out, {"ok": True, "layers": layers, "pid": os.getpid()})
    serve(fd_in, fd_out, new_namespace(config["module_name"]))


# ---------------------------------------------------------------- fork server


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Get SIGKILL when the parent goes, so no process outlives the grader."""
    parent = os.getppid()
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def zygote_main(control_fd: int) -> None:
    """Serve fork requests until the grader closes the control socket."""
    import socket

    die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, fileno=control_fd)
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 1 << 20, 3)
        except OSError:
            return
        if not data:
            return
        request = json.loads(data)
        if request.get("op") == "preload":
            for module in request.get("modules", []):
                try:
                    __import__(module)
                except Exception:
                    pass
            control.send(b"{\"ok\": true}")
            continue
        pid = os.fork()
        if pid == 0:
            _become_student(control, request, fds)
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def _become_student(control, config: dict, fds: list[int]) -> None:
    """In the forked child: keep only our three descriptors, then serve."""
    try:
        fd_in, fd_out, output = fds
        os.dup2(output, 1)
        os.dup2(output, 2)
        control.close()
        keep = sorted({0, 1, 2, fd_in, fd_out})
        for low, high in zip(keep, [*keep[1:], 65536], strict=True):
            os.closerange(low + 1, high)
        os.setsid()
        die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        student_main(config, fd_in, fd_out)
    finally:
        os._exit(0)


def main() -> None:
    if sys.argv[1] == "--zygote":
        zygote_main(int(sys.argv[2]))
        return
    config = json.loads(sys.argv[1])
    student_main(config, config["fd_in"], config["fd_out"])


if __name__ == "__main__":
    main()
