"""Giving up every privilege before student code runs (stdlib only).

Whoever starts the grader (root in CI, in containers and on Gradescope), the
student process ends with no capability at all, in every user namespace:

- the capability bounding set is emptied and the securebits locked, so that
  nothing can bring a capability back;
- as root, the process switches to a dedicated unprivileged uid and gid of its
  own (:func:`sandbox_id`), no supplementary groups: the kernel's ordinary
  permission checks then keep it away from every other process (``prlimit``,
  ``setpriority``, signals...) and every file it does not own;
- as an ordinary user (inside the user namespace of :mod:`namespaces`), the
  capabilities that namespace granted are cleared;
- ``PR_SET_NO_NEW_PRIVS`` is set.

:func:`drop` verifies the result with ``capget`` and raises if any capability
is left.
"""

from __future__ import annotations

import ctypes
import os

PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
# NOROOT, NOROOT_LOCKED, NO_SETUID_FIXUP_LOCKED, KEEP_CAPS_LOCKED,
# NO_CAP_AMBIENT_RAISE, NO_CAP_AMBIENT_RAISE_LOCKED
LOCKED_SECUREBITS = 0x01 | 0x02 | 0x08 | 0x20 | 0x40 | 0x80
CAPABILITY_VERSION_3 = 0x20080522
MAX_CAPABILITY = 63

# Unprivileged ids for student processes when the grader runs as root: one per process
# (base + the process id), so that two students graded at once never share an id. They
# need no entry in /etc/passwd and lie far above the ids of real users and of
# systemd's dynamic users.
SANDBOX_ID_BASE = 1_900_000_000
SANDBOX_ID_SPAN = 100_000_000


class PrivilegeError(OSError):
    """A privilege could not be given up; the process must not run student code."""


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def sandbox_id(pid: int, id_map: str = "/proc/self/uid_map") -> int | None:
    """The uid (and gid) of the student process started as process ``pid``.

    On an ordinary system every id exists and the id is taken far above real
    users'. In a user namespace with a partial map (a rootless container), it is
    taken from the largest mapped range (never its first id, 0 there); None when
    no id but our own is mapped.
    """
    ranges = []
    for map_path in (id_map, id_map.replace("uid_map", "gid_map")):
        try:
            with open(map_path) as handle:
                ranges.append([tuple(map(int, line.split())) for line in handle if line.strip()])
        except OSError:
            ranges.append([(0, 0, 4294967295)])
    if all(r == [(0, 0, 4294967295)] for r in ranges):
        return SANDBOX_ID_BASE + pid % SANDBOX_ID_SPAN
    usable = []
    for uid_range in ranges[0]:
        inside, _, count = uid_range
        if count > 1 and any(g[0] <= inside + 1 and inside + count <= g[0] + g[2]
                             for g in ranges[1]):
            usable.append((count, inside))
    if not usable:
        return None
    count, inside = max(usable)
    return inside + 1 + pid % (count - 1)


def capabilities() -> tuple[int, int, int]:
    """(effective, permitted, inheritable) capability sets of this process, as bit masks."""
    header = _CapHeader(CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if _libc().capget(ctypes.byref(header), data) != 0:
        raise PrivilegeError(ctypes.get_errno(), "capget failed")

    def join(name: str) -> int:
        return getattr(data[0], name) | (getattr(data[1], name) << 32)

    return join("effective"), join("permitted"), join("inheritable")


def _clear_capabilities() -> None:
    header = _CapHeader(CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if _libc().capset(ctypes.byref(header), data) != 0:
        raise PrivilegeError(ctypes.get_errno(), "capset failed")


def _empty_bounding_set(libc) -> None:
    for cap in range(MAX_CAPABILITY + 1):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 1:
            raise PrivilegeError(1, f"cannot drop capability {cap} from the bounding set")
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)


def drop(workdir: str, in_user_namespace: bool, sandbox_uid: int | None,
         switch_uid: bool = True) -> list[str]:
    """Give up every privilege; return the layer names now in force.

    Args:
        workdir: the student's work folder, handed to the new uid when one is taken.
        in_user_namespace: the process is in a user namespace of its own.
        sandbox_uid: the uid and gid to take when running as root (see :func:`sandbox_id`);
            None when no other id exists here.
        switch_uid: as root, take ``sandbox_uid`` (False where that uid could not read
            Python's own files: the capabilities are still all dropped).

    Raises:
        PrivilegeError: if a capability is left afterwards.
    """
    libc = _libc()
    layers: list[str] = []
    has_capabilities = any(capabilities()[:2])
    if has_capabilities:
        _empty_bounding_set(libc)
        libc.prctl(PR_SET_SECUREBITS, LOCKED_SECUREBITS, 0, 0, 0)
    if switch_uid and sandbox_uid is not None and os.geteuid() == 0 and not in_user_namespace:
        os.chown(workdir, sandbox_uid, sandbox_uid)
        os.setgroups([])
        os.setresgid(sandbox_uid, sandbox_uid, sandbox_uid)
        os.setresuid(sandbox_uid, sandbox_uid, sandbox_uid)  # clears every capability
        layers.append("uid")
    if any(capabilities()[:2]):
        _clear_capabilities()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise PrivilegeError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
    effective, permitted, inheritable = capabilities()
    if effective or permitted or inheritable:
        raise PrivilegeError(1, f"capabilities left: {effective:#x}/{permitted:#x}")
    layers.append("no-capabilities")
    return layers

