"""Submissions that try to cheat or to hurt the grader.

Each attack is graded through the real command line, in a separate grader
process, so that an attack that got through could not hide it by killing the
test run. Every attack file also defines an honest, correct ``causal_mask``:
the attacker must earn nothing on ``softmax`` (the function it cheats on) and
keep full points on ``causal_mask``; the grader must print exactly one valid
report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.paths import COURSE_FILE, REPO_ROOT

SUBMISSIONS = Path(__file__).parent / "submissions"
# deep_folders costs 3-15 s of disk work; test-fast grades it in test_containment.py
# (test_contained_attack_earns_nothing[deep_folders-invoker], which also checks that its
# folders are removed); here it runs in `make test`.
ATTACKS = [pytest.param(p.stem, marks=pytest.mark.slow) if p.stem == "deep_folders" else p.stem
           for p in sorted(SUBMISSIONS.glob("*.py"))]


def grade(path: Path, course: Path) -> tuple[dict, subprocess.CompletedProcess]:
    completed = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(path), "--json", "--lang", "en",
         "--course", str(course), "--function", "softmax", "--function", "causal_mask"],
        capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout), completed


def protected_files_snapshot() -> dict[Path, bytes]:
    paths = [COURSE_FILE, *REPO_ROOT.glob("autograder/**/*.py"), *REPO_ROOT.glob("solutions/*.py")]
    return {p: p.read_bytes() for p in paths}


# One worker at a time under pytest-xdist: the attacks write to fixed paths of /tmp (the pickle
# bomb's marker, a fake results.json) that these tests check.
@pytest.mark.xdist_group("attacks")
@pytest.mark.parametrize("attack", ATTACKS)
def test_attacker_earns_nothing_and_grader_survives(attack, fast_course, tmp_path):
    marker = Path("/tmp/autograder-pickle-bomb-ran")
    marker.unlink(missing_ok=True)
    before = protected_files_snapshot()
    started = time.monotonic()

    report, completed = grade(SUBMISSIONS / f"{attack}.py", fast_course)

    scores = {t["function"]: 0.0 for t in report["tests"]}
    for test in report["tests"]:
        scores[test["function"]] += test["score"]
    assert scores["softmax"] == 0, [t for t in report["tests"] if t["status"] == "passed"]
    assert scores["causal_mask"] == pytest.approx(4.0), report["tests"]
    assert report["max_score"] == pytest.approx(14.0)
    # exactly one JSON document on stdout: nothing the student printed leaks into it
    assert completed.stdout.strip().startswith("{") and completed.stdout.count('"max_score"') == (
        1 + len(report["tests"])
    )
    assert not marker.exists(), "a pickle payload ran in the grader"
    assert protected_files_snapshot() == before, "the submission changed the grader's files"
    fake_results = Path("/tmp/results.json")
    assert not fake_results.exists() or "100" not in fake_results.read_text()
    assert time.monotonic() - started < 60


def test_flooded_output_is_capped_in_the_report(fast_course):
    report, _ = grade(SUBMISSIONS / "flood_output.py", fast_course)
    # the sandbox keeps output_kb of it; the report quotes a few hundred characters of that
    assert len(report["student_output"]) < 1024
    assert "more characters not shown" in report["student_output"]


def test_hanging_function_costs_one_timeout_not_one_per_check(fast_course):
    started = time.monotonic()
    report, _ = grade(SUBMISSIONS / "ignore_signals_and_hang.py", fast_course)
    statuses = {t["status"] for t in report["tests"] if t["function"] == "softmax"}
    assert "timeout" in statuses
    assert time.monotonic() - started < 15


def test_sandbox_layers_are_all_in_force_on_linux(fast_course):
    if not sys.platform.startswith("linux"):
        pytest.skip("the lock-down layers are Linux features")
    report, _ = grade(SUBMISSIONS / "monkeypatch_numpy.py", fast_course)
    layers = set(report["isolation"])
    assert {"process", "rlimits", "seccomp"} <= layers
    assert any(layer.startswith("landlock") for layer in layers)
