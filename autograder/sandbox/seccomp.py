"""A seccomp-bpf filter for the student process (Linux x86_64 and aarch64).

Stdlib only (ctypes); imported by the student process before it runs any
student code. The filter makes the student process unable to:

- start programs or other processes (threads are still allowed),
- open sockets of any kind,
- signal, trace or read the memory of any process but itself,
- change namespaces, mount file systems or use io_uring / bpf / keyrings.

Each refused call fails with EPERM (``clone3`` with ENOSYS, so that the C
library falls back to ``clone`` for threads), which Python turns into an
ordinary ``PermissionError`` in the student's code.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct

# Syscall numbers that differ between architectures; absent ones do not exist there.
_SYSCALLS = {
    "x86_64": {
        "arch": 0xC000003E, "seccomp": 317,
        "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "clone": 56, "clone3": 435,
        "socket": 41, "socketpair": 53, "ptrace": 101, "process_vm_readv": 310,
        "process_vm_writev": 311, "kill": 62, "tkill": 200, "tgkill": 234,
        "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "pidfd_send_signal": 424,
        "pidfd_open": 434, "pidfd_getfd": 438, "unshare": 272, "setns": 308, "mount": 165,
        "umount2": 166, "pivot_root": 155, "chroot": 161, "bpf": 321, "perf_event_open": 298,
        "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "keyctl": 250, "add_key": 248, "request_key": 249,
    },
    "aarch64": {
        "arch": 0xC00000B7, "seccomp": 277,
        "execve": 221, "execveat": 281, "clone": 220, "clone3": 435,
        "socket": 198, "socketpair": 199, "ptrace": 117, "process_vm_readv": 270,
        "process_vm_writev": 271, "kill": 129, "tkill": 130, "tgkill": 131,
        "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240, "pidfd_send_signal": 424,
        "pidfd_open": 434, "pidfd_getfd": 438, "unshare": 97, "setns": 268, "mount": 40,
        "umount2": 39, "pivot_root": 41, "chroot": 51, "bpf": 280, "perf_event_open": 241,
        "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "keyctl": 219, "add_key": 217, "request_key": 218,
    },
}
_ALWAYS_DENIED = (
    "fork", "vfork", "execve", "execveat", "socket", "socketpair", "ptrace",
    "process_vm_readv", "process_vm_writev", "tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    "pidfd_send_signal", "pidfd_open", "pidfd_getfd", "unshare", "setns", "mount", "umount2",
    "pivot_root", "chroot", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup",
    "io_uring_enter", "io_uring_register", "keyctl", "add_key", "request_key",
)

CLONE_THREAD = 0x00010000
_X32_SYSCALL_BIT = 0x40000000

# Classic BPF opcodes and seccomp return values.
_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0 = 0, 4, 16

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1


class _Program:
    """A tiny assembler: instructions with symbolic jump targets."""

    def __init__(self) -> None:
        self.code: list[tuple[int, object, object, int]] = []
        self.labels: dict[str, int] = {}

    def op(self, code: int, k: int, jt: object = 0, jf: object = 0) -> None:
        self.code.append((code, jt, jf, k))

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def assemble(self) -> bytes:
        out = []
        for pc, (code, jt, jf, k) in enumerate(self.code):
            out.append(struct.pack("=HBBI", code, self._offset(pc, jt), self._offset(pc, jf), k))
        return b"".join(out)

    def _offset(self, pc: int, target: object) -> int:
        if isinstance(target, int):
            return target
        offset = self.labels[target] - pc - 1
        if not 0 <= offset <= 255:
            raise ValueError("seccomp jump out of range")
        return offset


def build_filter(arch: str, own_pid: int) -> bytes:
    """The BPF program for ``arch``, allowing signals only to ``own_pid``."""
    nr = _SYSCALLS[arch]
    p = _Program()
    p.op(_LD_ABS, _OFFSET_ARCH)
    p.op(_JEQ, nr["arch"], 0, "kill")
    p.op(_LD_ABS, _OFFSET_NR)
    if arch == "x86_64":
        p.op(_JGE, _X32_SYSCALL_BIT, "deny", 0)
    for name in _ALWAYS_DENIED:
        if name in nr:
            p.op(_JEQ, nr[name], "deny", 0)
    p.op(_JEQ, nr["clone3"], "nosys", 0)
    p.op(_JEQ, nr["clone"], "clone", 0)
    p.op(_JEQ, nr["kill"], "kill_args", 0)
    p.op(_JEQ, nr["tgkill"], "tgkill_args", 0)
    p.op(_RET, _RET_ALLOW)

    p.label("clone")  # threads share the process; anything else would be a new process
    p.op(_LD_ABS, _OFFSET_ARG0)
    p.op(_JSET, CLONE_THREAD, "allow", "deny")

    p.label("kill_args")  # kill(pid, sig): itself, its own process group, or 0
    p.op(_LD_ABS, _OFFSET_ARG0)
    p.op(_JEQ, own_pid, "allow", 0)
    p.op(_JEQ, 0, "allow", 0)
    p.op(_JEQ, (-own_pid) & 0xFFFFFFFF, "allow", "deny")

    p.label("tgkill_args")  # tgkill(tgid, tid, sig): threads of itself only
    p.op(_LD_ABS, _OFFSET_ARG0)
    p.op(_JEQ, own_pid, "allow", "deny")

    p.label("allow")
    p.op(_RET, _RET_ALLOW)
    p.label("deny")
    p.op(_RET, _RET_ERRNO | errno.EPERM)
    p.label("nosys")
    p.op(_RET, _RET_ERRNO | errno.ENOSYS)
    p.label("kill")
    p.op(_RET, _RET_KILL_PROCESS)
    return p.assemble()


class SeccompUnavailable(OSError):
    """The filter could not be installed here (other OS or architecture, old kernel)."""


def install() -> None:
    """Install the filter on every thread of this process.

    Raises:
        SeccompUnavailable: with the reason, if it could not be installed.
    """
    arch = platform.machine()
    if arch not in _SYSCALLS:
        raise SeccompUnavailable(f"unsupported architecture {arch}")
    program = build_filter(arch, os.getpid())
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SeccompUnavailable(f"no_new_privs failed: {os.strerror(ctypes.get_errno())}")
    buf = ctypes.create_string_buffer(program)
    fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buf))
    fprog_buf = ctypes.create_string_buffer(fprog)
    rc = libc.syscall(
        _SYSCALLS[arch]["seccomp"], SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, fprog_buf
    )
    if rc != 0:
        raise SeccompUnavailable(os.strerror(ctypes.get_errno()))
