"""What the student process may see of the file system (stdlib only).

:class:`ViewPlan` lists, once per fork server, what a student process needs to
read: the standard library, the allowed packages (:mod:`packages`) and the
system's shared libraries; nothing of the grader, the reference solutions, the
tests, the quiz keys, other submissions, other installed packages or anyone's
home folder. The plan is enforced twice, by two independent mechanisms:

- :func:`enter_view` (needs a mount namespace): the process moves into a new,
  read-only root file system (a tmpfs) that holds only bind mounts of those
  paths, its own work folder (the one writable place), ``/dev/null``,
  ``/dev/zero``, ``/dev/urandom`` and a ``/proc`` of its own PID namespace;
  every other path simply does not exist. Directories on the way are created
  in the tmpfs, so an unprivileged uid can reach a Python installed under a
  private home folder (``/root/.pyenv``).
- :func:`landlock_rules` turns the same plan into Landlock rules (see
  :mod:`landlock`), which hold even where no mount namespace can be had.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING or __package__:  # the grader's (and the type checker's) import
    from autograder.sandbox.packages import ImportPolicy, site_dirs
else:  # imported by the worker script, beside this file
    from packages import ImportPolicy, site_dirs

SYSTEM_PATHS = [
    "/usr", "/lib", "/lib64", "/lib32", "/libx32", "/etc/ld.so.cache", "/etc/localtime",
    "/etc/mime.types",
]
DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MNT_DETACH = 2
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}


class ViewError(OSError):
    """The file-system view could not be built."""


def _beneath(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


@dataclasses.dataclass(frozen=True)
class ViewPlan:
    """What a student process may read, as real absolute paths."""

    read_only: tuple[str, ...]  # bound read-only at the same path (files or folders)
    hidden: tuple[str, ...]  # beneath a read-only path, but not visible (replaced by empty)
    filtered: tuple[tuple[str, tuple[str, ...]], ...]  # folder -> the only entries visible
    symlinks: tuple[tuple[str, str], ...]  # (path, target) recreated in the view
    forbidden_modules: frozenset[str]
    allowed_modules: frozenset[str]
    landlock_read: tuple[str, ...] = ()  # the same plan as Landlock rules (see landlock_rules)
    landlock_list: tuple[str, ...] = ()
    others_can_read: bool = True  # an unprivileged uid can read the plan without the view

    def to_data(self) -> dict:
        """The plan as JSON data (the grader sends it to the fork server)."""
        data = dataclasses.asdict(self)
        data["forbidden_modules"] = sorted(self.forbidden_modules)
        data["allowed_modules"] = sorted(self.allowed_modules)
        return data

    @classmethod
    def from_data(cls, data: dict) -> ViewPlan:
        """The plan :meth:`to_data` wrote (lists back to tuples and sets)."""
        return cls(
            read_only=tuple(data["read_only"]), hidden=tuple(data["hidden"]),
            filtered=tuple((folder, tuple(entries)) for folder, entries in data["filtered"]),
            symlinks=tuple((path, target) for path, target in data["symlinks"]),
            forbidden_modules=frozenset(data["forbidden_modules"]),
            allowed_modules=frozenset(data["allowed_modules"]),
            landlock_read=tuple(data["landlock_read"]),
            landlock_list=tuple(data["landlock_list"]),
            others_can_read=bool(data["others_can_read"]),
        )

    @classmethod
    def compute(cls, protected: list[str], allowed_packages: list[str],
                forbidden_names: Sequence[str] = ()) -> ViewPlan:
        policy = ImportPolicy.compute(allowed_packages)
        stdlib = os.path.dirname(os.__file__)  # the base interpreter's, also from a venv
        candidates = [stdlib] + [p for p in sys.path if p.endswith("lib-dynload")]
        candidates += [p for p in sys.path if p.endswith(".zip")] + SYSTEM_PATHS
        symlinks: list[tuple[str, str]] = []
        roots: list[str] = []
        for path in candidates:
            if os.path.islink(path) and os.path.dirname(path) == "/":
                symlinks.append((path, os.readlink(path)))
            real = os.path.realpath(path)
            if os.path.exists(real) and not any(_beneath(real, r) for r in roots):
                roots = [r for r in roots if not _beneath(r, real)] + [real]
        protected_real = [os.path.realpath(p) for p in protected]
        sites = site_dirs()
        hidden = sorted({p for p in [*sites, *protected_real]
                         if any(_beneath(p, r) for r in roots)})
        roots = [r for r in roots if not any(_beneath(r, p) for p in protected_real)]
        filtered = []
        for folder in sites:
            entries = [e for e in policy.allowed.get(folder, []) if not any(
                _beneath(os.path.join(folder, e), p) for p in protected_real)]
            filtered.append((folder, tuple(sorted(entries))))
        for folder, entries in policy.allowed.items():  # allowed packages outside site folders
            if folder not in sites:
                roots += [os.path.join(folder, e) for e in entries]
        plan = cls(
            read_only=tuple(sorted(roots)), hidden=tuple(hidden), filtered=tuple(filtered),
            symlinks=tuple(symlinks),
            forbidden_modules=frozenset(policy.forbidden_modules | set(forbidden_names)),
            allowed_modules=frozenset(policy.allowed_modules),
        )
        readable, list_only = landlock_rules(plan)
        devices = [d for d in DEVICES if os.path.exists(d)]
        return dataclasses.replace(
            plan, landlock_read=tuple(readable + devices), landlock_list=tuple(list_only),
            others_can_read=all(_others_can_read(p) for p in plan.read_only
                                if os.path.isdir(p)),
        )


def _others_can_read(path: str) -> bool:
    """Whether a process of any other uid can list ``path`` (every folder on the way)."""
    parts = path.rstrip("/").split("/")
    for depth in range(2, len(parts) + 1):
        folder = "/".join(parts[:depth])
        try:
            mode = os.stat(folder).st_mode
        except OSError:
            return False
        if not mode & 0o001 or (folder == path and not mode & 0o004):
            return False
    return True


# ---------------------------------------------------------------- Landlock


def landlock_rules(plan: ViewPlan) -> tuple[list[str], list[str]]:
    """(readable paths, list-only folders) for Landlock, which cannot subtract a path.

    A read-only root with a hidden path beneath it is replaced by its children,
    recursively, so that only the hidden part disappears (the folders so split
    may still be listed: ``import`` lists a folder before it opens a module in
    it); the filtered folders may be listed and only their allowed entries read.
    """
    readable: list[str] = []
    list_only: list[str] = []

    def visit(path: str) -> None:
        if any(_beneath(path, h) for h in plan.hidden):
            return
        if any(_beneath(h, path) for h in plan.hidden):
            try:
                children = os.listdir(path)
            except OSError:
                return
            list_only.append(path)
            for child in children:
                visit(os.path.join(path, child))
            return
        readable.append(path)

    for root in plan.read_only:
        visit(root)
    for folder, entries in plan.filtered:
        list_only.append(folder)
        readable += [os.path.join(folder, e) for e in entries]
    return readable, list_only


# ---------------------------------------------------------------- the mount view


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount(source, target: str, fstype, flags: int, data=None) -> None:
    libc = _libc()
    if libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                  flags, data and data.encode()) != 0:
        errno = ctypes.get_errno()
        raise ViewError(errno, f"mount {source} on {target}: {os.strerror(errno)}")


def _mount_point(path: str, like: str) -> None:
    """Create ``path`` (and its parents) as an empty folder or file, to mount ``like`` on."""
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    if os.path.isdir(like):
        os.makedirs(path, mode=0o755, exist_ok=True)
    elif not os.path.lexists(path):
        with open(path, "w"):
            pass


def _bind(source: str, target: str, read_only: bool) -> None:
    _mount_point(target, source)
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def enter_view(plan: ViewPlan, new_root: str, workdir: str, own_proc: bool) -> None:
    """Make the plan's view this process's root file system (needs a mount namespace).

    Args:
        new_root: an empty folder to build the view on (not visible afterwards).
        workdir: the student's work folder, the only writable place.
        own_proc: the process is in a PID namespace of its own: mount its ``/proc``.
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we do propagates outside
    _mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for path, target in plan.symlinks:
        os.symlink(target, new_root + path)
    for path in plan.read_only:
        _bind(path, new_root + path, read_only=True)
    for path in plan.hidden:
        if os.path.isdir(path):
            _mount("tmpfs", new_root + path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
        else:
            _mount("/dev/null", new_root + path, None, MS_BIND)
    for folder, entries in plan.filtered:
        target = new_root + folder
        _mount_point(target, folder)
        for entry in entries:
            _bind(os.path.join(folder, entry), os.path.join(target, entry), read_only=True)
    for path in plan.hidden:  # the empty stand-ins became read-only too
        if os.path.isdir(path):
            _mount(None, new_root + path, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _bind(workdir, new_root + workdir, read_only=False)
    for device in DEVICES:
        if os.path.exists(device):
            _mount_point(new_root + device, device)
            _mount(device, new_root + device, None, MS_BIND)
    if own_proc:
        os.makedirs(new_root + "/proc", mode=0o555, exist_ok=True)
        _mount("proc", new_root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount(None, new_root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _pivot_into(new_root)
    os.chdir(workdir)


def _pivot_into(new_root: str) -> None:
    """Make ``new_root`` the root and detach the old one (``pivot_root(".", ".")``)."""
    import platform

    libc = _libc()
    os.chdir(new_root)
    number = PIVOT_ROOT.get(platform.machine())
    if number is None or libc.syscall(number, b".", b".") != 0:
        errno = ctypes.get_errno()
        raise ViewError(errno, f"pivot_root: {os.strerror(errno)}")
    if libc.umount2(b".", MNT_DETACH) != 0:
        errno = ctypes.get_errno()
        raise ViewError(errno, f"detaching the old root: {os.strerror(errno)}")
    os.chdir("/")
