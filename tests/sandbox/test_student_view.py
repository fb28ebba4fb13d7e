"""What student code sees and may do in the sandbox (Linux): a real student process each."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from autograder.config import course
from autograder.paths import HIDDEN_TESTS_DIR, SOLUTIONS_DIR
from autograder.sandbox.sanitise import clean_text
from autograder.student import StudentProgram
from autograder.submission import read_submission

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux layers")


def run(tmp_path, code: str) -> tuple[StudentProgram, str]:
    path = tmp_path / "probe.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    program = StudentProgram(read_submission(path), course().sandbox)
    program.load()
    output = program.close()
    return program, output


def test_the_whole_standard_library_and_plotting_work(tmp_path):
    program, output = run(tmp_path, """
        import sys
        missing = []
        for name in sorted(sys.stdlib_module_names):
            if name.startswith("_") or name in ("antigravity", "this", "idlelib", "turtledemo",
                                                "tkinter", "turtle", "msilib", "msvcrt", "nt",
                                                "winreg", "winsound"):
                continue
            try:
                __import__(name)
            except ImportError as exc:
                missing.append(f"{name}: {exc}")
        print("missing:", missing)
        import matplotlib.pyplot as plt
        figure, axes = plt.subplots()
        axes.imshow([[0, 1], [1, 0]])
        figure.savefig("plot.png")
        print("plot saved")
    """)
    assert [o.status for o in program.load_outcomes] == ["ok"] * len(program.load_outcomes)
    assert "missing: []" in output and "plot saved" in output


def test_other_packages_the_grader_and_the_file_system_are_out_of_sight(tmp_path):
    paths = ["/etc/passwd", "/etc/shadow", "/home", str(SOLUTIONS_DIR / "transformer.py"),
             str(HIDDEN_TESTS_DIR), str(tmp_path)]
    _, output = run(tmp_path, f"""
        import json, os
        seen = {{}}
        for name in ("torch", "pytest", "autograder.engine", "solutions", "yaml", "IPython.core"):
            try:
                __import__(name)
                seen[name] = "imported"
            except ImportError as exc:
                seen[name] = type(exc).__name__
        for path in {paths!r}:
            seen[path] = os.path.exists(path)
        print(json.dumps(seen))
    """)
    seen = json.loads(output.strip().splitlines()[-1])
    assert "imported" not in seen.values(), seen
    assert not [path for path in paths if seen[path]], seen


def test_a_student_process_has_no_privilege_and_no_neighbour(tmp_path):
    program, output = run(tmp_path, """
        import ctypes, os, struct
        libc = ctypes.CDLL(None, use_errno=True)
        data = ctypes.create_string_buffer(24)
        libc.capget(struct.pack("Ii", 0x20080522, 0), data)
        print("caps", data.raw.hex(), "pid", os.getpid(), "ppid", os.getppid(),
              "uid", os.getuid(), "shm", libc.shmget(0x7A510002, 4096, 0o1600))
    """)
    words = output.split()
    assert words[words.index("caps") + 1] == "0" * 48
    assert words[words.index("pid") + 1] == "1" and words[words.index("ppid") + 1] == "0"
    assert words[words.index("shm") + 1] == "-1"
    assert {"pidns", "ipcns", "mntns", "no-capabilities", "seccomp"} <= set(program.layers)


def test_text_from_student_code_is_made_safe():
    assert clean_text("a\udc80b\x1b[31mc\x00d\u202ee\x1b]0;title\x07f") == "a\ufffdbcdef"
    assert clean_text("x" * 50, limit=10).startswith("x" * 10 + "[... 40 more")
    assert clean_text("line 1\r\nline 2\tend") == "line 1\nline 2\tend"
