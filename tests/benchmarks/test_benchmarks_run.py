"""The benchmarks still run and print their figures (they are scripts nobody runs daily).

Each runs once with its smallest arguments; the figures themselves are not judged here
(speed goals live in the benchmarks' own output, not in timed tests).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.paths import REPO_ROOT

pytestmark = pytest.mark.slow

RUNS = {  # script and arguments -> a line its report must hold
    ("grade_one.py", "--runs", "1"): "wall time, whole command",
    ("grade_class.py", "--sizes", "4", "--nbgrader-size", "0", "--jobs", "2"): "grade-all",
    ("learner_loop.py", "--runs", "1"): "grade one complete .py",
    ("selfcheck.py", "--runs", "1"): "softmax",
}


@pytest.mark.parametrize("command", list(RUNS), ids=lambda command: command[0])
def test_the_benchmark_runs_and_prints_its_figures(command):
    done = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / command[0]),
                           *command[1:]], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert RUNS[command] in done.stdout, done.stdout[-2000:]
