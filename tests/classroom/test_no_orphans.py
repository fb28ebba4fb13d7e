"""No student process outlives its grader: a grade-all killed with SIGKILL, or a student
process stuck in a loop that the grader stops, leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.paths import REPO_ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="parent-death signals are a Linux feature")

SLOW_SOFTMAX = '''
import time
def softmax(x, axis=-1, temperature=1.0):
    time.sleep(0.5)
    raise ValueError("slow")
'''


def children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_when_grade_all_is_killed_then_no_process_is_left(tmp_path, klass):
    subs = klass.small_class(tmp_path, students=6)
    for index in range(6):
        path = subs / f"student{index:02d}.py"
        path.write_text(path.read_text(encoding="utf-8") + SLOW_SOFTMAX, encoding="utf-8")
    grader = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade-all", str(subs), "--out",
         str(tmp_path / "out"), "--jobs", "2", "--no-progress", "--function", "softmax"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, seen = time.monotonic() + 60, set()
    while time.monotonic() < deadline:  # fork server, workers, sandbox fork servers, students
        seen |= descendants(grader.pid)
        if len(seen) >= 6:
            break
        time.sleep(0.1)
    assert len(seen) >= 6, f"grading did not start: {seen}"
    time.sleep(0.5)
    seen |= descendants(grader.pid)
    os.kill(grader.pid, signal.SIGKILL)
    grader.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in seen if alive(pid)]
    for pid in left:  # do not leave them to the other tests
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(seen)} processes outlived the killed grade-all"


LOOPING_SOFTMAX = """
def softmax(x, axis=-1, temperature=1.0):
    while True:
        pass
"""


def test_a_student_stuck_in_a_loop_is_gone_once_the_grader_has_stopped_it(tmp_path):
    """The grader stops a hung student by killing the process that keeps it; the student
    process must die with it, although it runs under a uid of its own (a new uid clears
    the parent-death signal: it is set again after the switch)."""
    path = tmp_path / "looping.py"
    path.write_text(LOOPING_SOFTMAX, encoding="utf-8")
    grader = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", str(path), "--function", "softmax"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    while grader.poll() is None:  # fork server, keeper and student, while it loops
        seen |= descendants(grader.pid)
        time.sleep(0.05)
    assert grader.returncode == 0
    assert seen, "no process of the grader was seen"
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in seen if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(seen)} processes outlived the grader"
