"""A seccomp-bpf filter for the student process (Linux x86_64 and aarch64).

Stdlib only (ctypes); installed by the student process as the last step of its
lock-down, before it runs any student code. A deny-list, so that nothing a
correct NumPy solution might call is refused by accident, of every call that
reaches beyond the process itself or needs a privilege. The student process
cannot:

- start programs or other processes (threads are still allowed);
- open sockets of any kind, or use SysV or POSIX message queues, shared memory
  and semaphores (the way two submissions could talk);
- signal, trace, re-prioritise, pin, limit or read the memory of any process
  but itself (``kill``, ``ptrace``, ``prlimit64``, ``setpriority``,
  ``sched_setaffinity``, ``ioprio_set``, ``process_vm_*``, ``pidfd_*``...);
- change its own credentials, capabilities, scheduling class or parent-death
  signal;
- use any administrative call: namespaces, mounts, modules, reboot, the kernel
  log, host or domain names, clocks, swap, quotas, accounting, fanotify,
  device nodes, file handles, io_uring, bpf, perf, userfaultfd, keyrings.

Each refused call fails with EPERM (``clone3`` with ENOSYS, so that the C
library falls back to ``clone`` for threads), which Python turns into an
ordinary ``PermissionError`` in the student's code. A call made through another
architecture's entry (x32, i386) kills the process.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct

# Syscall numbers of the calls the filter names; absent ones do not exist there.
# tests/sandbox/test_seccomp.py checks them against the kernel headers when present.
SYSCALLS = {
    "x86_64": {
        "arch": 0xC000003E,
        "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "socket": 41, "socketpair": 53,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "tkill": 200,
        "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "pidfd_send_signal": 424,
        "pidfd_open": 434, "pidfd_getfd": 438, "unshare": 272, "setns": 308, "mount": 165,
        "umount2": 166, "pivot_root": 155, "chroot": 161, "bpf": 321, "perf_event_open": 298,
        "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "keyctl": 250, "add_key": 248, "request_key": 249,
        "reboot": 169, "syslog": 103, "sethostname": 170, "setdomainname": 171,
        "fanotify_init": 300, "fanotify_mark": 301, "mknod": 133, "mknodat": 259,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246,
        "kexec_file_load": 320, "swapon": 167, "swapoff": 168, "acct": 163, "settimeofday": 164,
        "clock_settime": 227, "adjtimex": 159, "clock_adjtime": 305, "quotactl": 179,
        "quotactl_fd": 443, "ioperm": 173, "iopl": 172, "open_by_handle_at": 304,
        "name_to_handle_at": 303, "lookup_dcookie": 212, "vhangup": 153, "setuid": 105,
        "setgid": 106, "setreuid": 113, "setregid": 114, "setresuid": 117, "setresgid": 119,
        "setfsuid": 122, "setfsgid": 123, "setgroups": 116, "capset": 126, "ioprio_set": 251,
        "sched_setscheduler": 144, "sched_setparam": 142, "sched_setattr": 314,
        "migrate_pages": 256, "move_pages": 279, "kcmp": 312, "process_madvise": 440,
        "process_mrelease": 448, "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67,
        "semget": 64, "semop": 65, "semctl": 66, "semtimedop": 220, "msgget": 68, "msgsnd": 69,
        "msgrcv": 70, "msgctl": 71, "mq_open": 240, "mq_unlink": 241, "mq_timedsend": 242,
        "mq_timedreceive": 243, "mq_notify": 244, "mq_getsetattr": 245, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "move_mount": 429, "open_tree": 428,
        "mount_setattr": 442, "uselib": 134, "nfsservctl": 180, "_sysctl": 156, "seccomp": 317,
        "clone": 56, "clone3": 435, "kill": 62, "tgkill": 234, "prlimit64": 302,
        "setpriority": 141, "sched_setaffinity": 203, "prctl": 157,
    },
    "aarch64": {
        "arch": 0xC00000B7,
        "execve": 221, "execveat": 281, "socket": 198, "socketpair": 199, "ptrace": 117,
        "process_vm_readv": 270, "process_vm_writev": 271, "tkill": 130, "rt_sigqueueinfo": 138,
        "rt_tgsigqueueinfo": 240, "pidfd_send_signal": 424, "pidfd_open": 434,
        "pidfd_getfd": 438, "unshare": 97, "setns": 268, "mount": 40, "umount2": 39,
        "pivot_root": 41, "chroot": 51, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "keyctl": 219,
        "add_key": 217, "request_key": 218, "reboot": 142, "syslog": 116, "sethostname": 161,
        "setdomainname": 162, "fanotify_init": 262, "fanotify_mark": 263, "mknodat": 33,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "kexec_load": 104,
        "kexec_file_load": 294, "swapon": 224, "swapoff": 225, "acct": 89, "settimeofday": 170,
        "clock_settime": 112, "adjtimex": 171, "clock_adjtime": 266, "quotactl": 60,
        "quotactl_fd": 443, "open_by_handle_at": 265, "name_to_handle_at": 264,
        "lookup_dcookie": 18, "vhangup": 58, "setuid": 146, "setgid": 144, "setreuid": 145,
        "setregid": 143, "setresuid": 147, "setresgid": 149, "setfsuid": 151, "setfsgid": 152,
        "setgroups": 159, "capset": 91, "ioprio_set": 30, "sched_setscheduler": 119,
        "sched_setparam": 118, "sched_setattr": 274, "migrate_pages": 238, "move_pages": 239,
        "kcmp": 272, "process_madvise": 440, "process_mrelease": 448, "shmget": 194,
        "shmat": 196, "shmctl": 195, "shmdt": 197, "semget": 190, "semop": 193, "semctl": 191,
        "semtimedop": 192, "msgget": 186, "msgsnd": 189, "msgrcv": 188, "msgctl": 187,
        "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183,
        "mq_notify": 184, "mq_getsetattr": 185, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
        "fspick": 433, "move_mount": 429, "open_tree": 428, "mount_setattr": 442,
        "nfsservctl": 42, "seccomp": 277, "clone": 220, "clone3": 435, "kill": 129,
        "tgkill": 131, "prlimit64": 261, "setpriority": 140, "sched_setaffinity": 122,
        "prctl": 167,
    },
}
DENIED = (
    "fork", "vfork", "execve", "execveat", "socket", "socketpair", "ptrace", "process_vm_readv",
    "process_vm_writev", "tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal",
    "pidfd_open", "pidfd_getfd", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "keyctl", "add_key", "request_key", "reboot", "syslog", "sethostname",
    "setdomainname", "fanotify_init", "fanotify_mark", "mknod", "mknodat", "init_module",
    "finit_module", "delete_module", "kexec_load", "kexec_file_load", "swapon", "swapoff",
    "acct", "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "quotactl",
    "quotactl_fd", "ioperm", "iopl", "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
    "vhangup", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
    "setfsgid", "setgroups", "capset", "ioprio_set", "sched_setscheduler", "sched_setparam",
    "sched_setattr", "migrate_pages", "move_pages", "kcmp", "process_madvise",
    "process_mrelease", "shmget", "shmat", "shmctl", "shmdt", "semget", "semop", "semctl",
    "semtimedop", "msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink",
    "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr", "fsopen", "fsconfig",
    "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr", "uselib", "nfsservctl",
    "_sysctl",
)

CLONE_THREAD = 0x00010000
PRIO_PROCESS = 0
PR_SET_PDEATHSIG = 1
PR_SET_PTRACER = 0x59616D61
_X32_SYSCALL_BIT = 0x40000000
_CHUNK = 64  # comparisons per block: BPF jump offsets are 8-bit

# Classic BPF opcodes and seccomp return values.
_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JA = 0x05  # BPF_JMP | BPF_JA
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_OFFSET_NR, _OFFSET_ARCH = 0, 4
_OFFSET_ARG = (16, 24, 32, 40, 48, 56)  # low 32 bits of each argument (little-endian)

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1


# A jump target: an offset, or the name of a label.
Jump = int | str


class _Program:
    """A tiny assembler: instructions with symbolic jump targets."""

    def __init__(self) -> None:
        self.code: list[tuple[int, Jump, Jump, Jump]] = []
        self.labels: dict[str, int] = {}

    def op(self, code: int, k: int, jt: Jump = 0, jf: Jump = 0) -> None:
        self.code.append((code, jt, jf, k))

    def jump(self, target: str) -> None:
        self.code.append((_JA, 0, 0, target))

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def assemble(self) -> bytes:
        out = []
        for pc, (code, jt, jf, k) in enumerate(self.code):
            if code == _JA and isinstance(k, str):
                k, jt, jf = self.labels[k] - pc - 1, 0, 0
            out.append(struct.pack("=HBBI", code, self._offset(pc, jt), self._offset(pc, jf), k))
        return b"".join(out)

    def _offset(self, pc: int, target: Jump) -> int:
        if isinstance(target, int):
            return target
        offset = self.labels[target] - pc - 1
        if not 0 <= offset <= 255:
            raise ValueError("seccomp jump out of range")
        return offset


def _only_self(p: _Program, arg: int, own_pid: int, *, group_too: bool = False) -> None:
    """Allow the call only when argument ``arg`` names this process (or 0, itself)."""
    p.op(_LD_ABS, _OFFSET_ARG[arg])
    p.op(_JEQ, own_pid, "allow", 0)
    if group_too:  # kill(-pgrp): its own process group, which holds only itself
        p.op(_JEQ, (-own_pid) & 0xFFFFFFFF, "allow", 0)
    p.op(_JEQ, 0, "allow", "deny")


def build_filter(arch: str, own_pid: int) -> bytes:
    """The BPF program for ``arch``, where this process is ``own_pid``."""
    nr = SYSCALLS[arch]
    p = _Program()
    p.op(_LD_ABS, _OFFSET_ARCH)
    p.op(_JEQ, nr["arch"], 0, "kill")
    p.op(_LD_ABS, _OFFSET_NR)
    if arch == "x86_64":
        p.op(_JGE, _X32_SYSCALL_BIT, "deny", 0)
    denied = [nr[name] for name in DENIED if name in nr]
    for start in range(0, len(denied), _CHUNK):
        block = f"deny_{start}"
        for number in denied[start:start + _CHUNK]:
            p.op(_JEQ, number, block, 0)
        p.jump(f"after_{start}")
        p.label(block)
        p.op(_RET, _RET_ERRNO | errno.EPERM)
        p.label(f"after_{start}")
    dispatch = {
        "clone3": "nosys", "clone": "clone", "kill": "kill_args", "tgkill": "self_arg0",
        "prlimit64": "self_arg0", "sched_setaffinity": "self_arg0",
        "setpriority": "setpriority_args", "prctl": "prctl_args",
    }
    for name, target in dispatch.items():
        p.op(_JEQ, nr[name], target, 0)
    p.op(_RET, _RET_ALLOW)

    p.label("clone")  # threads share the process; anything else would be a new process
    p.op(_LD_ABS, _OFFSET_ARG[0])
    p.op(_JSET, CLONE_THREAD, "allow", "deny")
    p.label("kill_args")  # kill(pid, sig): itself, its own process group, or 0
    _only_self(p, 0, own_pid, group_too=True)
    p.label("self_arg0")  # tgkill, prlimit64, sched_setaffinity: itself only
    _only_self(p, 0, own_pid)
    p.label("setpriority_args")  # setpriority(PRIO_PROCESS, itself, prio) only
    p.op(_LD_ABS, _OFFSET_ARG[0])
    p.op(_JEQ, PRIO_PROCESS, 0, "deny")
    _only_self(p, 1, own_pid)
    p.label("prctl_args")  # no new parent-death signal (it would outlive the grader), no tracer
    p.op(_LD_ABS, _OFFSET_ARG[0])
    p.op(_JEQ, PR_SET_PDEATHSIG, "deny", 0)
    p.op(_JEQ, PR_SET_PTRACER, "deny", "allow")

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
    if arch not in SYSCALLS:
        raise SeccompUnavailable(f"unsupported architecture {arch}")
    program = build_filter(arch, os.getpid())
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SeccompUnavailable(f"no_new_privs failed: {os.strerror(ctypes.get_errno())}")
    buf = ctypes.create_string_buffer(program)
    fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buf))
    fprog_buf = ctypes.create_string_buffer(fprog)
    rc = libc.syscall(
        SYSCALLS[arch]["seccomp"], SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, fprog_buf
    )
    if rc != 0:
        raise SeccompUnavailable(os.strerror(ctypes.get_errno()))
