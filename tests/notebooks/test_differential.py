"""One submission, one grade, on every path.

The corpus of the nbgrader class (tests/notebooks/nbgrader_class.py: complete,
untouched, buggy, cheating, tampered cells and metadata, hostile markdown, a
cell that raises part-way plus a hang, a crash, a forbidden import, partial
work) is graded through every path an instructor or learner can take:

- ``python -m autograder grade --module module02`` on each submitted notebook;
- ``python -m autograder grade-all --module module02`` on the class;
- ``nbgrader autograde`` (the class fixture itself);
- the Gradescope runner, with a bundle built with ``--module module02``;
- ``pytest --full`` on the notebooks (a function's item passes exactly when it
  has full marks).

Every path must give every submission the same score on every function. The
table (paths x submissions) is printed, and written next to the class.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.config import course
from autograder.paths import REPO_ROOT
from tests.notebooks.nbgrader_class import ASSIGNMENT, FUNCTIONS, LANG, STUDENTS, nbgrader_scores

# one worker builds the session's nbgrader class under pytest-xdist (--dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader-class")]
MODULE = "module02"


def _submitted(root: Path, student: str) -> Path:
    return root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _function_scores(tests: list[dict], key: str = "function") -> dict[str, float]:
    totals: dict[str, float] = {}
    for test in tests:
        name = test[key][0] if isinstance(test[key], list) else test[key]
        totals[name] = totals.get(name, 0.0) + test["score"]
    return {name: round(totals.get(name, 0.0), 4) for name in FUNCTIONS}


def _cli(*args: str, cwd: Path = REPO_ROOT, env: dict | None = None,
         timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def by_grade(root: Path, students: list[str]) -> dict[str, dict[str, float]]:
    scores = {}
    for student in students:
        done = _cli("autograder", "grade", str(_submitted(root, student)), "--json",
                    "--lang", LANG, "--module", MODULE)
        assert done.returncode == 0, done.stderr[-2000:]
        scores[student] = _function_scores(json.loads(done.stdout)["tests"])
    return scores


def by_grade_all(root: Path, students: list[str], work: Path) -> dict[str, dict[str, float]]:
    folder = work / "grade-all"
    for student in students:
        target = folder / student / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(_submitted(root, student), target)
    out = work / "grade-all-results"
    done = _cli("autograder", "grade-all", str(folder), "--out", str(out), "--module", MODULE,
                "--lang", LANG, "--no-progress")
    assert done.returncode == 0, done.stderr[-2000:]
    return {student: _function_scores(json.loads(
        (out / "students" / f"{student}.json").read_text(encoding="utf-8"))["tests"])
        for student in students}


def by_gradescope(root: Path, students: list[str], work: Path) -> dict[str, dict[str, float]]:
    bundle = work / "autograder.zip"
    done = _cli("autograder", "gradescope-bundle", "--out", str(bundle), "--lang", LANG,
                "--module", MODULE)
    assert done.returncode == 0, done.stderr
    scores = {}
    for student in students:
        gradescope = work / "gradescope" / student
        for name in ("source", "submission", "results"):
            (gradescope / name).mkdir(parents=True)
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(gradescope / "source")
        (gradescope / "source" / "run_autograder").chmod(0o755)
        shutil.copyfile(_submitted(root, student),
                        gradescope / "submission" / f"{ASSIGNMENT}.ipynb")
        env = {**os.environ, "AUTOGRADER_ROOT": str(gradescope),
               "AUTOGRADER_PYTHON": sys.executable}
        run = subprocess.run([str(gradescope / "source" / "run_autograder")], env=env,
                             cwd=gradescope, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        results = json.loads((gradescope / "results" / "results.json").read_text())
        scores[student] = _function_scores(results["tests"], key="tags")
    return scores


def by_pytest(root: Path, students: list[str], work: Path) -> dict[str, set[str]]:
    """Per student, the functions whose ``pytest --full`` item passed."""
    folder = work / "pytest"
    for student in students:
        target = folder / student / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(_submitted(root, student), target)
    done = _cli("pytest", str(folder), "--full", "-rA", "-p", "no:cacheprovider",
                "--course-lang", LANG, cwd=work)
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-3000:]
    passed: dict[str, set[str]] = {student: set() for student in students}
    for student, function in re.findall(rf"PASSED \S*?([\w-]+)/{ASSIGNMENT}\.ipynb::(\w+)",
                                        done.stdout):
        passed[student].add(function)
    return passed


def test_every_path_gives_every_submission_the_same_grade(graded_class, tmp_path):
    root = graded_class.root
    paths = {
        "nbgrader": {student: nbgrader_scores(root, student) for student in STUDENTS},
        "grade": by_grade(root, STUDENTS),
        "grade-all": by_grade_all(root, STUDENTS, tmp_path),
        "gradescope": by_gradescope(root, STUDENTS, tmp_path),
    }
    passed = by_pytest(root, STUDENTS, tmp_path)
    table = _table(paths, passed)
    print(table)
    (root.parent / "differential.txt").write_text(table, encoding="utf-8")
    reference = paths["nbgrader"]
    for path, scores in paths.items():
        for student in STUDENTS:
            assert scores[student] == reference[student], (path, student, table)
    full = {name: course().points(name) for name in FUNCTIONS}
    for student in STUDENTS:
        full_marks = {name for name, score in reference[student].items()
                      if score == pytest.approx(full[name])}
        assert passed[student] == full_marks, (student, table)
    assert len(STUDENTS) >= 10


def _table(paths: dict[str, dict[str, dict[str, float]]], passed: dict[str, set[str]]) -> str:
    students = list(next(iter(paths.values())))
    header = ["submission", *paths, "pytest --full (items passed)"]
    rows = [header]
    for student in students:
        totals = [f"{sum(scores[student].values()):g}" for scores in paths.values()]
        rows.append([student, *totals, str(len(passed[student]))])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"
