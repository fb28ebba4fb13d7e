"""Run a command where no namespace can be created, as in a default Docker container.

``python no_namespaces.py COMMAND...`` installs a seccomp filter that makes
``unshare`` (and ``clone3``, and ``clone`` with any namespace flag) fail with
EPERM, then runs COMMAND under it: the grader must then do without namespaces
and its own file-system view, say so, and still contain the student.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

NUMBERS = {"x86_64": {"unshare": 272, "clone": 56, "clone3": 435, "seccomp": 317},
           "aarch64": {"unshare": 97, "clone": 220, "clone3": 435, "seccomp": 277}}
NAMESPACE_FLAGS = 0x7E020000  # every CLONE_NEW* flag


def main() -> None:
    nr = NUMBERS[platform.machine()]
    deny = 0x00050000 | errno.EPERM
    program = [
        (0x20, 0, 0, 0),  # load the syscall number
        (0x15, 0, 1, nr["unshare"]), (0x06, 0, 0, deny),
        (0x15, 0, 1, nr["clone3"]), (0x06, 0, 0, 0x00050000 | errno.ENOSYS),
        (0x15, 0, 3, nr["clone"]),
        (0x20, 0, 0, 16),  # clone's flags
        (0x45, 0, 1, NAMESPACE_FLAGS), (0x06, 0, 0, deny),
        (0x06, 0, 0, 0x7FFF0000),
    ]
    code = b"".join(struct.pack("=HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code)
    fprog = ctypes.create_string_buffer(struct.pack("HxxxxxxP", len(program),
                                                    ctypes.addressof(buffer)))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.syscall(nr["seccomp"], 1, 0, fprog) != 0:
        raise SystemExit(f"cannot install the filter: {os.strerror(ctypes.get_errno())}")
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()
