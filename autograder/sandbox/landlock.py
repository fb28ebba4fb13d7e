"""Landlock file-system, network and signal restrictions (Linux 5.13 and newer).

Stdlib only (ctypes); imported by the student process before it runs any
student code. After :func:`restrict` the process (and anything it could
start) can read only the listed paths, write only inside its own work
directory, open no TCP connections (ABI 4+), and signal or connect to no
process outside its own sandbox (ABI 6+). It applies even to root and cannot
be undone.
"""

from __future__ import annotations

import ctypes
import os
import stat
import struct
from collections.abc import Sequence

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

# File-system access rights, by the ABI version that introduced them.
_FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_TRUNCATE, _IOCTL_DEV = 1 << 14, 1 << 15
_FILE_ONLY_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1

READ_ONLY = _EXECUTE | _READ_FILE | _READ_DIR
PR_SET_NO_NEW_PRIVS = 38


class LandlockUnavailable(OSError):
    """Landlock is not supported or not enabled on this kernel."""


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is unavailable."""
    try:
        version = _libc().syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def restrict(read_paths: list[str], write_paths: list[str], list_paths: Sequence[str] = ()) -> int:
    """Restrict this process; return the ABI version used.

    Args:
        read_paths: files and directories (with everything beneath) that stay readable.
        write_paths: files and directories that stay readable and writable.
        list_paths: directories whose entries may be listed (not read): ``import``
            lists a ``site-packages`` folder before it opens the allowed package in it.

    Raises:
        LandlockUnavailable: if the kernel has no Landlock.
    """
    abi = abi_version()
    if abi < 1:
        raise LandlockUnavailable("Landlock is not available on this kernel")
    libc = _libc()
    fs_rights = _FS_RIGHTS_BY_ABI[max(v for v in _FS_RIGHTS_BY_ABI if v <= abi)]
    net_rights = (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0
    scopes = (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0
    attr = struct.pack("=QQQ", fs_rights, net_rights, scopes)
    attr_size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.c_char_p(attr[:attr_size]), attr_size, 0)
    if ruleset < 0:
        raise LandlockUnavailable(f"create_ruleset: {os.strerror(ctypes.get_errno())}")
    try:
        for path in list_paths:
            _allow(libc, ruleset, path, _READ_DIR & fs_rights)
        for path in read_paths:
            _allow(libc, ruleset, path, READ_ONLY & fs_rights)
        for path in write_paths:
            _allow(libc, ruleset, path, fs_rights)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # required first
            raise LandlockUnavailable(f"no_new_privs: {os.strerror(ctypes.get_errno())}")
        if libc.syscall(_RESTRICT_SELF, ruleset, 0) != 0:
            raise LandlockUnavailable(f"restrict_self: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(ruleset)
    return abi


def _allow(libc, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist needs no rule
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= _FILE_ONLY_RIGHTS
        rule = struct.pack("=Qi", rights, fd)
        if libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.c_char_p(rule), 0) != 0:
            raise LandlockUnavailable(f"add_rule {path}: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(fd)
