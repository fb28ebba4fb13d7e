"""The seccomp filter's syscall numbers, checked against the kernel headers when present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.sandbox import seccomp

HEADERS = {
    "x86_64": Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
    "aarch64": Path("/usr/include/asm-generic/unistd.h"),
}


@pytest.mark.parametrize("arch", sorted(seccomp.SYSCALLS))
def test_syscall_numbers_match_the_kernel_headers(arch):
    header = HEADERS[arch]
    if not header.is_file():
        pytest.skip(f"no {header} here (linux-libc-dev)")
    known = {name: int(number) for name, number in re.findall(
        r"#define __NR(?:3264)?_(\w+)\s+(\d+)", header.read_text())}
    table = {k: v for k, v in seccomp.SYSCALLS[arch].items() if k != "arch"}
    wrong = {name: (number, known.get(name)) for name, number in table.items()
             if known.get(name) != number}
    assert not wrong, wrong


@pytest.mark.parametrize("arch", sorted(seccomp.SYSCALLS))
def test_every_denied_call_that_exists_on_the_architecture_is_in_the_filter(arch):
    program = seccomp.build_filter(arch, own_pid=1)
    numbers = {seccomp.SYSCALLS[arch][name] for name in seccomp.DENIED
               if name in seccomp.SYSCALLS[arch]}
    instructions = [program[i:i + 8] for i in range(0, len(program), 8)]
    compared = {int.from_bytes(ins[4:], "little") for ins in instructions
                if int.from_bytes(ins[:2], "little") == 0x15}  # JEQ k
    assert numbers <= compared
