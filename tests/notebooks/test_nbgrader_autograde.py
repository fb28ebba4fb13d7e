"""A real nbgrader course, end to end: the scores equal ``python -m autograder grade``.

One class of students goes through nbgrader's own commands (release, fetch,
submit, collect, autograde, generate_feedback, export) in a temporary course
scaffolded by ``python -m autograder nbgrader-course``.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.config import course
from autograder.notebooks.build import notebook_path, strip_solution_markers
from autograder.notebooks.release import run_nbgrader

LANG = "en"
MODULE = course().module("module02")
ASSIGNMENT = MODULE.notebook
FUNCTIONS = [fn.name for fn in MODULE.functions]
COURSE_ID = "transformer-course"

NAIVE_SOFTMAX = '''def softmax(x, axis=-1, temperature=1.0):
    e = np.exp(np.asarray(x, dtype=float) / temperature)  # overflows for large scores
    return e / e.sum(axis=axis, keepdims=True)
'''
CHEAT_SETUP = '''# Tries to take the reference solutions and to fake nbgrader's verdicts.
from solutions.transformer import *  # noqa
import builtins
builtins.NotImplementedError = type("Quiet", (Exception,), {})
'''


def _solutions() -> dict[str, str]:
    """Function name -> the instructor's solution cell, without the markers."""
    nb = nbformat.read(notebook_path(ASSIGNMENT, LANG), as_version=4)
    return {
        cell.id.removeprefix("solution-"): strip_solution_markers(cell.source)
        for cell in nb.cells
        if cell.id.startswith("solution-")
    }


def _with_solutions(released, sources: dict[str, str]):
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        name = cell.id.removeprefix("solution-")
        if cell.id.startswith("solution-") and name in sources:
            cell.source = sources[name]
    return nb


def _index(nb, cell_id: str) -> int:
    return next(i for i, cell in enumerate(nb.cells) if cell.id == cell_id)


def _tampered(complete):
    """Complete answers, but locked cells deleted, reordered, duplicated and edited."""
    nb = copy.deepcopy(complete)
    del nb.cells[_index(nb, "test-layer_norm")]  # deleted test cell
    block = [c for c in nb.cells if c.id.endswith("-merge_heads")]  # task, solution, check, test
    for cell in block:
        nb.cells.remove(cell)
    at = _index(nb, "task-split_heads")
    nb.cells[at:at] = block  # merge_heads's exercise now comes before split_heads's
    duplicate = copy.deepcopy(nb.cells[_index(nb, "check-causal_mask")])
    duplicate.id = "check-causal_mask-copy"
    nb.cells.insert(_index(nb, "check-causal_mask"), duplicate)  # duplicated locked cell
    nb.cells[_index(nb, "check-softmax")].source += "  # done!"  # edited locked cells
    nb.cells[_index(nb, "test-softmax")].source = "print('I am sure this works')"
    nb.cells[_index(nb, "test-encoder_layer")].metadata.nbgrader.points = 100.0
    return nb


def _cheating(released):
    nb = copy.deepcopy(released)
    nb.cells[_index(nb, "setup")].source += "\n" + CHEAT_SETUP
    for cell in nb.cells:
        if cell.id.startswith("test-"):  # fake verdicts: full points printed by the test cells
            cell.source = f"print({cell.metadata.nbgrader.points})"
            cell.outputs = [nbformat.v4.new_output(
                "execute_result", data={"text/plain": str(cell.metadata.nbgrader.points)},
                execution_count=1)]
        if cell.id.startswith("solution-"):
            cell.source = "pass  # the reference was imported in the setup cell"
    return nb


def _submissions(released) -> dict[str, nbformat.NotebookNode]:
    solutions = _solutions()
    complete = _with_solutions(released, solutions)
    unscaled = solutions["scaled_dot_product_attention"].replace(" / d_k**0.5", "")
    assert unscaled != solutions["scaled_dot_product_attention"]
    return {
        "complete": complete,
        "untouched": copy.deepcopy(released),
        "buggy_softmax": _with_solutions(released, {**solutions, "softmax": NAIVE_SOFTMAX}),
        "buggy_unscaled": _with_solutions(
            released, {**solutions, "scaled_dot_product_attention": unscaled}
        ),
        "cheating": _cheating(released),
        "tampered": _tampered(complete),
    }


def _engine_scores(path: Path) -> dict[str, float]:
    """Per-function scores from the grader's command line, for this module's functions."""
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(path), "--json", "--lang", LANG],
        capture_output=True, text=True, check=True, timeout=300,
    )
    scores: dict[str, float] = {}
    for test in json.loads(proc.stdout)["tests"]:
        scores[test["function"]] = scores.get(test["function"], 0.0) + test["score"]
    return {name: round(scores.get(name, 0.0), 4) for name in FUNCTIONS}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Run the whole nbgrader workflow once; return the course root and the students' notebooks."""
    mp = pytest.MonkeyPatch()
    from autograder.paths import REPO_ROOT

    mp.setenv("PYTHONPATH", str(REPO_ROOT))
    mp.setenv("PATH", f"{Path(sys.executable).parent}:{__import__('os').environ['PATH']}")
    tmp = tmp_path_factory.mktemp("nbgrader-class")
    root, exchange = tmp / "course", tmp / "exchange"
    exchange.mkdir()
    subprocess.run(
        [sys.executable, "-m", "autograder", "nbgrader-course", str(root), "--lang", LANG],
        check=True, capture_output=True, text=True,
    )
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(f"c.Exchange.root = {str(exchange)!r}\n")
    exchange_opt = f"--Exchange.root={exchange}"
    run_nbgrader(["generate_assignment", ASSIGNMENT], root)
    run_nbgrader(["release_assignment", ASSIGNMENT], root)

    released = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    fetched = tmp / "fetched"
    fetched.mkdir()
    run_nbgrader(["fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}", exchange_opt], fetched)
    student_notebooks = {}
    for student, nb in _submissions(released).items():
        home = tmp / "students" / student
        shutil.copytree(fetched, home)  # one fetch serves every student: same files
        nbformat.write(nb, home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        run_nbgrader(["submit", ASSIGNMENT, f"--course={COURSE_ID}", f"--student={student}",
                      exchange_opt], home)
        student_notebooks[student] = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    run_nbgrader(["collect", ASSIGNMENT], root)
    log = run_nbgrader(["autograde", ASSIGNMENT], root)
    run_nbgrader(["generate_feedback", ASSIGNMENT], root)
    run_nbgrader(["export"], root)
    yield root, student_notebooks, log
    mp.undo()
    shutil.rmtree(tmp, ignore_errors=True)


def _nbgrader_scores(root: Path, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {
            name: round(gb.find_grade(f"test_{name}", ASSIGNMENT, ASSIGNMENT, student).score, 4)
            for name in FUNCTIONS
        }


STUDENTS = ["complete", "untouched", "buggy_softmax", "buggy_unscaled", "cheating", "tampered"]


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_when_nbgrader_autogrades_then_scores_equal_the_grader_command(graded_class, student):
    root, notebooks, _ = graded_class
    submitted = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert submitted.is_file(), "nbgrader collect brought the submission in"
    expected = _engine_scores(notebooks["complete"] if student == "tampered" else submitted)
    assert _nbgrader_scores(root, student) == expected


@pytest.mark.slow
def test_when_class_is_graded_then_work_earns_points_and_cheating_does_not(graded_class):
    root, _, _ = graded_class
    scores = {s: _nbgrader_scores(root, s) for s in STUDENTS}
    total = {s: sum(v.values()) for s, v in scores.items()}
    assert total["untouched"] == 0
    assert total["cheating"] == 0
    assert total["complete"] > total["buggy_softmax"] > 0
    assert total["complete"] > total["buggy_unscaled"] > 0
    assert scores["buggy_softmax"]["softmax"] < scores["complete"]["softmax"]
    assert scores["buggy_unscaled"]["softmax"] == scores["complete"]["softmax"]
    assert scores["tampered"] == scores["complete"], "tampering with locked cells costs nothing"


@pytest.mark.slow
def test_when_grades_are_exported_then_totals_match(graded_class):
    root, _, _ = graded_class
    with (root / "grades.csv").open() as f:
        rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    for student in STUDENTS:
        assert rows[student] == pytest.approx(sum(_nbgrader_scores(root, student).values()))


@pytest.mark.slow
def test_when_feedback_is_generated_then_it_explains_but_never_shows_hidden_tests(graded_class):
    root, _, _ = graded_class
    for student in STUDENTS:
        html = (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        for secret in ("BEGIN HIDDEN TESTS", "Instructor copy", "autograder/hidden"):
            assert secret not in html, (student, secret)
    buggy = (root / "feedback" / "buggy_softmax" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "❌ softmax" in buggy
    autograded = root / "autograded" / "complete" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert "BEGIN HIDDEN TESTS" not in autograded.read_text()


@pytest.mark.slow
def test_when_cells_were_tampered_with_then_nbgrader_reports_and_restores_them(graded_class):
    root, _, log = graded_class
    assert "Test cell test_layer_norm was missing from the submission; added back" in log
    assert "checksum" in log
    autograded = nbformat.read(
        root / "autograded" / "tampered" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in autograded.cells]
    assert "test_layer_norm" in ids
    test_softmax = autograded.cells[ids.index("test_softmax")]
    assert "I am sure" not in test_softmax.source
