"""Module 03 through a real nbgrader course: scaffolded, released, autograded by the engine.

The module 03 notebook holds the module 02 functions it builds on in a locked,
given cell, and loads the trained model only in demo cells: ``nbgrader
autograde`` (with the engine in place of nbgrader's kernel) must give each
submission exactly the scores of ``python -m autograder grade``, and the given
cell must not earn the untouched notebook anything.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.config import course
from autograder.notebooks.build import notebook_path, strip_solution_markers
from autograder.notebooks.release import run_nbgrader
from tests.catalog.test_catalog import SUBMISSIONS

LANG = "tr"
MODULE = course().module("module03")
ASSIGNMENT = MODULE.notebook
FUNCTIONS = [fn.name for fn in MODULE.functions]


def _completed(released, replace: dict[str, str] | None = None):
    """The released notebook with the instructor's solutions (or ``replace``'s) written in."""
    instructor = nbformat.read(notebook_path(ASSIGNMENT, LANG), as_version=4)
    solutions = {c.id: strip_solution_markers(c.source) for c in instructor.cells
                 if c.id.startswith("solution-")}
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        if cell.id in solutions:
            name = cell.id.removeprefix("solution-")
            cell.source = (replace or {}).get(name, solutions[cell.id])
    return nb


def _engine_scores(path: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(path), "--json", "--lang", LANG],
        capture_output=True, text=True, check=True, timeout=300,
    )
    scores = dict.fromkeys(FUNCTIONS, 0.0)
    for test in json.loads(proc.stdout)["tests"]:
        scores[test["function"]] += test["score"]
    return {name: round(score, 4) for name, score in scores.items()}


@pytest.mark.slow
def test_module03_is_released_and_autograded_by_nbgrader_like_the_grader_command(
    kernel_env, tmp_path
):
    root = tmp_path / "course"
    subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", str(root),
                    "--lang", LANG], check=True, capture_output=True, text=True)
    run_nbgrader(["generate_assignment", ASSIGNMENT], root)
    released = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    given = [c for c in released.cells if c.id.startswith("given-")]
    assert given and "def multi_head_attention(" in given[0].source  # module 02, given
    assert given[0].metadata.nbgrader["locked"]

    eos_dropped = (SUBMISSIONS / "greedy_decode" / "wrong_eos_dropped.py").read_text()
    students = {
        "complete": _completed(released),
        "untouched": copy.deepcopy(released),
        "eos_dropped": _completed(released, {"greedy_decode": eos_dropped}),
    }
    for student, nb in students.items():
        path = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    run_nbgrader(["autograde", ASSIGNMENT], root)

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        scores = {
            student: {
                name: round(gb.find_grade(f"test_{name}", ASSIGNMENT, ASSIGNMENT,
                                          student).score, 4)
                for name in FUNCTIONS
            }
            for student in students
        }
    for student in students:
        submitted = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert scores[student] == _engine_scores(submitted), student
    assert scores["complete"] == {"decoder_layer": 12.0, "greedy_decode": 10.0}
    assert scores["untouched"] == {"decoder_layer": 0.0, "greedy_decode": 0.0}
    assert scores["eos_dropped"]["decoder_layer"] == 12.0
    assert 0 < scores["eos_dropped"]["greedy_decode"] < 10.0
