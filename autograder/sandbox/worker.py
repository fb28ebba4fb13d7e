"""The student process: runs untrusted code and answers calls from the grader.

Started by :mod:`autograder.sandbox.process`, in one of two ways:

- ``python -I worker.py --zygote FD``: a fork server. It imports NumPy once and
  then, for every request on socket FD (a config and three file descriptors),
  forks a child that becomes one student process. A fork costs about 2 ms
  where a new interpreter costs about 100 ms. The zygote never runs student
  code; each child closes the zygote's socket before it does.
- ``python -I worker.py CONFIG``: one student process directly (where fork is
  not safe to rely on, e.g. macOS).

On Linux the forked child enters namespaces of its own (:mod:`namespaces`)
and, when it got a PID namespace, forks once more: the grandchild, process 1
of that namespace, becomes the student process, while the child stays outside
as its keeper (it forwards the grader's stack-dump requests, records how the
student process ended, and takes it down when it is killed itself). The
student process imports nothing of the grader but its sibling modules, and
locks itself down in this order before any student code exists: its own
file-system view (:mod:`fsview`), no privileges (:mod:`privileges`), resource
limits, Landlock, seccomp. It then serves messages on two pipes: ``exec`` runs
one piece of student code, ``call`` calls a student function on data-only
arguments, ``get`` returns a variable's value as data, ``describe`` reports
signatures.
"""

from __future__ import annotations

import builtins
import ctypes
import inspect
import json
import os
import resource
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same files, as the type checker finds them
    from autograder.sandbox import fsview, landlock, namespaces, privileges, seccomp, wire
else:  # run as a script: the grader package is not importable here, its siblings are
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import fsview
    import landlock
    import namespaces
    import privileges
    import seccomp
    import wire

    del sys.path[0]

WRITABLE_DEVICES = ["/dev/null"]
MAX_TEXT = 2000
MAX_THREADS = 64  # RLIMIT_NPROC when the process has a uid of its own


# ---------------------------------------------------------------- lock-down


def apply_rlimits(limits: dict, own_uid: bool) -> None:
    mb = 1024 * 1024
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_MEMLOCK, (0, 0))
    resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))
    if own_uid:  # counts every process and thread of the uid: only this process has it
        resource.setrlimit(resource.RLIMIT_NPROC, (MAX_THREADS, MAX_THREADS))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail instead of killing


def lock_down(config: dict, entered: namespaces.Entered, plan: fsview.ViewPlan | None,
              sandbox_uid: int | None, parent_alive: Callable[[], bool]) -> list[str]:
    """Apply every layer available here; return the names of those in force.

    ``parent_alive()`` says whether the process that keeps this one still runs.
    """
    layers = ["process"]
    workdir = config["workdir"]
    if sys.platform != "linux":
        apply_rlimits(config["limits"], own_uid=False)
        return [*layers, "rlimits"]
    if threading.active_count() != 1 or len(os.listdir("/proc/self/task")) != 1:
        raise RuntimeError("the student process must be single-threaded before lock-down")
    layers += entered.names
    if plan is not None and entered.has("mntns"):
        fsview.enter_view(plan, config["rootdir"], workdir, own_proc=entered.has("pidns"))
        layers.append("fs-view")
    # Without the view, a uid of its own is only taken where that uid can read Python.
    readable = "fs-view" in layers or plan is None or plan.others_can_read
    layers += privileges.drop(workdir, entered.user, sandbox_uid, switch_uid=readable)
    # A new uid clears the parent-death signal (prctl(2)): without setting it again, a
    # student process stuck in a loop would outlive the keeper the grader kills.
    die_with_parent(parent_alive)
    apply_rlimits(config["limits"], own_uid="uid" in layers)
    layers.append("rlimits")
    os.chdir(workdir)
    if plan is not None:
        try:
            abi = landlock.restrict(list(plan.landlock_read), [workdir, *WRITABLE_DEVICES],
                                    list(plan.landlock_list))
            layers.append(f"landlock-v{abi}")
        except landlock.LandlockUnavailable:
            pass
    try:
        seccomp.install()
        layers.append("seccomp")
    except seccomp.SeccompUnavailable:
        pass
    return layers


# ---------------------------------------------------------------- imports


class ForbiddenImport(ModuleNotFoundError):
    """The student imported an installed package the course does not allow."""


class ImportPolicyFinder:
    """First on ``sys.meta_path``: a forbidden package fails with a clear error.

    The file-system view and Landlock are what keep such packages out of reach;
    this finder only makes the error say why.
    """

    def __init__(self, forbidden: frozenset[str]) -> None:
        self.forbidden = forbidden

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in self.forbidden:
            raise ForbiddenImport(f"{top} is not allowed in this course", name=top)
        return None


def restrict_imports(forbidden: frozenset[str]) -> None:
    """Keep only the standard import machinery, behind :class:`ImportPolicyFinder`.

    Finders installed by ``.pth`` files (editable installs, setuptools' shim) would
    otherwise point into the grader's source tree.
    """
    standard = ("_frozen_importlib", "_frozen_importlib_external")

    def is_standard(finder) -> bool:
        owner = finder if isinstance(finder, type) else type(finder)
        return owner.__module__ in standard

    sys.meta_path[:] = [ImportPolicyFinder(forbidden), *filter(is_standard, sys.meta_path)]
    sys.path_hooks[:] = [hook for hook in sys.path_hooks
                         if getattr(hook, "__module__", "") in (*standard, "zipimport")
                         or getattr(hook, "__name__", "") == "zipimporter"]
    sys.path[:] = [p for p in sys.path if os.path.isabs(p)]
    sys.path_importer_cache.clear()


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


def install_stand_ins(namespace: dict) -> None:
    """Modules that notebooks import but the grader replaces with harmless stand-ins.

    - ``autograder.selfcheck``: notebooks call ``check("softmax")``; the grader is
      not importable here, so those cells do nothing instead of failing.
    - ``IPython`` and ``IPython.display``: ``display``, ``HTML``, ``Markdown``...
      print or do nothing (IPython itself is not among the allowed packages).
    """
    import types

    def nothing(*args, **kwargs) -> None:
        return None

    package = types.ModuleType("autograder")
    selfcheck = types.ModuleType("autograder.selfcheck")
    setattr(selfcheck, "check", nothing)  # noqa: B010 (a module made here: no attributes)
    setattr(package, "selfcheck", selfcheck)  # noqa: B010
    ipython = types.ModuleType("IPython")
    display = types.ModuleType("IPython.display")
    setattr(display, "display", namespace["display"])  # noqa: B010
    for name in ("HTML", "Markdown", "Math", "Latex", "Image", "SVG", "JSON", "clear_output"):
        setattr(display, name, nothing)
    setattr(ipython, "display", display)  # noqa: B010
    # no interactive shell: matplotlib then draws plainly
    setattr(ipython, "get_ipython", nothing)  # noqa: B010
    setattr(ipython, "version_info", (9, 0, 0))  # noqa: B010 (matplotlib asks for it)
    for name, module in (("autograder", package), ("autograder.selfcheck", selfcheck),
                         ("IPython", ipython), ("IPython.display", display)):
        sys.modules.setdefault(name, module)


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
        "forbidden_module": exc.name if isinstance(exc, ForbiddenImport) else "",
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
    if op == "get":  # a variable's value, as data (an answer cell's ``answer_... = "b"``)
        if message["name"] not in namespace:
            return {"ok": False, "missing": True}, []
        tree, out_blobs = wire.encode({"result": namespace[message["name"]]})
        return {"ok": True, "value": tree}, out_blobs
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


def serve(fd_in: int, fd_out: int, namespace: dict, poll_seconds: float = 0.0) -> None:
    """Answer requests until the grader quits or closes the pipe; before blocking for each
    request, poll for ``poll_seconds`` (:mod:`autograder.sandbox.waiting`)."""
    read_exactly = wire.blocking_reader(fd_in)
    while True:
        wire.poll(fd_in, poll_seconds)
        try:
            message, blobs = wire.receive(read_exactly)
        except EOFError:
            return
        if message.get("op") == "quit":
            return
        reply, reply_blobs = handle(message, blobs, namespace)
        wire.send(fd_out, reply, reply_blobs)


STACK_DUMP_SIGNAL = signal.SIGUSR1


def student_main(config: dict, fd_in: int, fd_out: int, entered: namespaces.Entered,
                 plan: fsview.ViewPlan | None, sandbox_uid: int | None,
                 parent_alive: Callable[[], bool]) -> None:
    """Become one student process: lock down, then serve requests.

    ``parent_alive()`` says whether the process that keeps this one still runs.
    """
    import faulthandler

    # On a time-out the grader asks where the code is stuck before it kills it.
    faulthandler.register(STACK_DUMP_SIGNAL, file=sys.stderr, all_threads=False)
    os.environ.update(config.get("env", {}))
    try:
        layers = lock_down(config, entered, plan, sandbox_uid, parent_alive)
    except Exception as exc:
        wire.send(fd_out, {"ok": False, "error": {"type": "SandboxError",
                                                   "message": f"{type(exc).__name__}: {exc}"}})
        return
    namespace = new_namespace(config["module_name"])
    if plan is not None:
        restrict_imports(plan.forbidden_modules)
    install_stand_ins(namespace)
    wire.send(fd_out, {"ok": True, "layers": layers})
    serve(fd_in, fd_out, namespace, float(config.get("poll_seconds", 0.0)))


# ---------------------------------------------------------------- fork server


PR_SET_PDEATHSIG = 1


def die_with_parent(parent_alive: Callable[[], bool] | None = None) -> None:
    """Get SIGKILL when the parent goes, so no process outlives the grader.

    ``parent_alive()`` says whether the parent still runs (default: it is still the
    parent it was when this was called); if it is gone already, exit now.
    """
    if parent_alive is None:
        parent = os.getppid()

        def parent_alive() -> bool:
            return os.getppid() == parent

    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not parent_alive():  # the parent died before the call above
        os._exit(1)


class Plans:
    """The fork server's view plans: the one the grader sent with the request (see
    :mod:`autograder.sandbox.plan`), else computed once per (protected, allowed) pair."""

    def __init__(self) -> None:
        self._plans: dict[tuple, fsview.ViewPlan] = {}

    def get(self, config: dict) -> fsview.ViewPlan | None:
        if not sys.platform.startswith("linux"):
            return None
        if config.get("plan") is not None:
            return fsview.ViewPlan.from_data(config["plan"])
        key = (tuple(config["protected"]), tuple(config["allowed_packages"]),
               tuple(config.get("forbidden_modules", ())))
        if key not in self._plans:
            self._plans[key] = fsview.ViewPlan.compute(*map(list, key))
        return self._plans[key]


def zygote_main(control_fd: int) -> None:
    """Serve fork requests until the grader closes the control socket."""
    import socket

    die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, fileno=control_fd)
    plans = Plans()
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
        given = request.get("plan") is not None
        try:
            plan = plans.get(request)
        except Exception as exc:  # reported by the child as a sandbox failure
            plan, request["plan_error"] = None, f"{type(exc).__name__}: {exc}"
        pid = os.fork()
        if pid == 0:
            _become_student(control, request, fds, plan)
        for fd in fds:
            os.close(fd)
        answer: dict = {"pid": pid}
        if plan is not None and not given:  # for the grader to remember (sandbox/plan.py)
            answer["plan"] = plan.to_data()
        control.send(json.dumps(answer).encode())


def _become_student(control, config: dict, fds: list[int], plan) -> None:
    """In the forked child: keep only our descriptors, enter namespaces, then serve."""
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
        if config.get("plan_error"):
            wire.send(fd_out, {"ok": False, "error": {"type": "SandboxError",
                                                       "message": config["plan_error"]}})
            return
        sandbox_uid = privileges.sandbox_id(os.getpid())
        entered = namespaces.enter()
        if entered.has("pidns"):
            _fork_into_pid_namespace(config, fd_in, fd_out, entered, plan, sandbox_uid)
        else:
            zygote = os.getppid()
            student_main(config, fd_in, fd_out, entered, plan, sandbox_uid,
                         lambda: os.getppid() == zygote)
    finally:
        os._exit(0)


def _fork_into_pid_namespace(config, fd_in, fd_out, entered, plan, sandbox_uid) -> None:
    """Fork the student process as process 1 of the new PID namespace; keep it from here."""
    alive_read, alive_write = os.pipe()  # closes (EOF) when this keeper is gone
    child = os.fork()
    if child == 0:
        os.close(alive_write)

        def keeper_alive() -> bool:  # the pipe ends (is readable) once the keeper is gone
            return not select.select([alive_read], [], [], 0)[0]

        die_with_parent(keeper_alive)  # getppid() is 0 here: the keeper is outside
        os.setsid()  # a process group of its own: kill(0, ...) reaches nobody else
        student_main(config, fd_in, fd_out, entered, plan, sandbox_uid, keeper_alive)
        return
    os.close(alive_read)
    os.close(fd_in)
    os.close(fd_out)  # the grader sees the end of the answers once the student process is gone
    signal.signal(STACK_DUMP_SIGNAL, lambda *_: os.kill(child, STACK_DUMP_SIGNAL))
    status = None
    while status is None:
        try:
            _, status = os.waitpid(child, 0)
        except ChildProcessError:
            break
    if status is not None and config.get("status_file"):
        with open(config["status_file"], "w") as record:
            record.write(json.dumps({"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status)
                                    else {"exit": os.waitstatus_to_exitcode(status)}))


def main() -> None:
    if sys.argv[1] == "--zygote":
        zygote_main(int(sys.argv[2]))
        return
    config = json.loads(sys.argv[1])
    plan = Plans().get(config)
    grader = os.getppid()
    student_main(config, config["fd_in"], config["fd_out"], namespaces.Entered(), plan, 0,
                 lambda: os.getppid() == grader)


if __name__ == "__main__":
    main()
