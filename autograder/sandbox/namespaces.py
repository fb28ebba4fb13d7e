"""Linux namespaces for the student process (stdlib only).

Called in the forked child before any student code exists. A student process
gets its own mount, IPC, UTS, network, cgroup and PID namespaces: it sees no
other process (not the fork server, not another student), shares no SysV IPC
object with anyone (its segments die with it), and cannot reach the network.
As root these need no user namespace (the process then gives up root by
switching to an unprivileged uid, see :mod:`privileges`); as an ordinary user
a user namespace is created first, mapping only the user's own uid and gid.

Each namespace is requested on its own when they cannot all be had at once
(a container may refuse some): :func:`enter` returns the names of those in
force, and the grader reports the others as missing.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass, field

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

# Layer name -> unshare flag, in the order they are tried one by one.
NAMESPACES = {
    "mntns": CLONE_NEWNS,
    "ipcns": CLONE_NEWIPC,
    "utsns": CLONE_NEWUTS,
    "netns": CLONE_NEWNET,
    "pidns": CLONE_NEWPID,
    "cgroupns": CLONE_NEWCGROUP,
}


@dataclass
class Entered:
    """The namespaces this process is now in (``pidns`` takes effect for its next child)."""

    user: bool = False
    names: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.names


def _unshare(flags: int) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(flags) == 0


def _map_own_ids(uid: int, gid: int) -> None:
    """In a new user namespace, map our own uid and gid (the only mapping allowed unprivileged)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def enter() -> Entered:
    """Unshare every namespace this kernel and this user allow; say which."""
    entered = Entered()
    if os.geteuid() != 0:
        uid, gid = os.getuid(), os.getgid()
        if not _unshare(CLONE_NEWUSER):
            return entered  # without a user namespace an ordinary user may unshare nothing
        try:
            _map_own_ids(uid, gid)
        except OSError:
            return entered
        entered.user = True
        entered.names.append("userns")
    everything = 0
    for flag in NAMESPACES.values():
        everything |= flag
    if _unshare(everything):
        entered.names += list(NAMESPACES)
        return entered
    for name, flag in NAMESPACES.items():
        if _unshare(flag):
            entered.names.append(name)
    return entered
