"""A real nbgrader course, graded once per test session (see conftest.graded_class).

One class of students goes through nbgrader's own commands (release, fetch,
submit, collect, autograde, generate_feedback, export) in a temporary course
scaffolded by ``python -m autograder nbgrader-course``: the module-02
assignment with a corpus of submissions (complete, untouched, buggy, cheating,
tampered in several ways, hostile, crashing, hanging...) and a quiz assignment.
Other tests grade the same submissions on the other paths and compare.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from autograder.config import course
from autograder.notebooks.build import notebook_path, strip_solution_markers
from autograder.notebooks.release import run_nbgrader
from autograder.paths import REPO_ROOT

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


# A student's markdown that would act in the instructor's browser if rendered as written:
# it would write a file through the Jupyter server's API (the real attack) and mark the page.
HOSTILE_MARKDOWN = """My written answer: attention weights sum to one.

<script>
window.__pwned = "script";
fetch("/api/contents/pwned.txt", {method: "PUT", credentials: "same-origin",
  headers: {"Content-Type": "application/json"},
  body: JSON.stringify({type: "file", format: "text", content: "pwned"})});
</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<svg onload="window.__pwned = 'svg'"></svg>
<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>
[a link](javascript:window.__pwned='link') and [another](&#106;avascript:window.__pwned='entity')
"""


def _hostile_markdown(complete):
    nb = copy.deepcopy(complete)
    nb.cells.insert(_index(nb, "setup") + 1, nbformat.v4.new_markdown_cell(HOSTILE_MARKDOWN))
    nb.cells.append(nbformat.v4.new_raw_cell("<script>window.__pwned = 'raw'</script>",
                                             metadata={"format": "text/html"}))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {}, "version_major": 2, "version_minor": 0,
        "note": "</script><script>window.__pwned = 'widgets'</script>"}}
    return nb


def _metadata_tampered(complete):
    """Complete answers, but nbgrader metadata edited: nbgrader itself used to fail on it."""
    nb = copy.deepcopy(complete)
    nb.cells[_index(nb, "solution-softmax")].metadata.nbgrader["grade"] = True
    nb.cells[_index(nb, "test-causal_mask")].metadata.nbgrader["grade_id"] = "renamed_test"
    bonus = nbformat.v4.new_code_cell("print('bonus')", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": False, "grade_id": "my_bonus",
        "points": 100.0, "schema_version": 3}})
    nb.cells.insert(_index(nb, "setup") + 1, bonus)
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


HANGING_CAUSAL_MASK = """def causal_mask(seq_len):
    while True:  # never returns
        pass
"""
HALF_RUN_CELL = """def _as_array(x):
    return np.asarray(x, dtype=float)


raise RuntimeError("this cell stops half-way; _as_array above is already defined")
"""
SOFTMAX_WITH_HELPER = """def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = _as_array(x) / temperature
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
"""
CRASHING_LAYER_NORM = """def layer_norm(x, gamma, beta, eps=1e-5):
    import os
    os._exit(3)
"""
TORCH_SOFTMAX = """def softmax(x, axis=-1, temperature=1.0):
    import torch
    return torch.softmax(torch.as_tensor(x) / temperature, dim=axis).numpy()
"""


def _with_half_run_cell_and_a_hang(released, solutions):
    """A cell that raises part-way (its first definition stays), then a hanging function:
    after the restart the hang forces, the process must hold what it held before."""
    nb = _with_solutions(released, {**solutions, "softmax": SOFTMAX_WITH_HELPER,
                                     "causal_mask": HANGING_CAUSAL_MASK})
    nb.cells.insert(_index(nb, "setup") + 1, nbformat.v4.new_code_cell(HALF_RUN_CELL))
    return nb


# The corpus: every path must give each of these the same grade (test_differential.py).
STUDENTS = ["complete", "untouched", "buggy_softmax", "buggy_unscaled", "cheating", "tampered",
            "hostile_markdown", "metadata_tampered", "half_run_and_hang", "crashing",
            "forbidden_import", "partial"]


def _submissions(released) -> dict[str, nbformat.NotebookNode]:
    solutions = _solutions()
    complete = _with_solutions(released, solutions)
    unscaled = solutions["scaled_dot_product_attention"].replace(" / d_k**0.5", "")
    assert unscaled != solutions["scaled_dot_product_attention"]
    submissions = {
        "complete": complete,
        "untouched": copy.deepcopy(released),
        "buggy_softmax": _with_solutions(released, {**solutions, "softmax": NAIVE_SOFTMAX}),
        "buggy_unscaled": _with_solutions(
            released, {**solutions, "scaled_dot_product_attention": unscaled}
        ),
        "cheating": _cheating(released),
        "tampered": _tampered(complete),
        "hostile_markdown": _hostile_markdown(complete),
        "metadata_tampered": _metadata_tampered(complete),
        "half_run_and_hang": _with_half_run_cell_and_a_hang(released, solutions),
        "crashing": _with_solutions(released, {**solutions, "layer_norm": CRASHING_LAYER_NORM}),
        "forbidden_import": _with_solutions(released, {**solutions, "softmax": TORCH_SOFTMAX}),
        "partial": _with_solutions(released, {name: source for name, source in solutions.items()
                                              if name not in ("split_heads", "merge_heads")}),
    }
    assert list(submissions) == STUDENTS
    return submissions


QUIZ = "quiz02"
# An instructor's own graded cell: it passes once the student answered anything.
INSTRUCTOR_CHECK = ("# the instructor's own check\n"
                    "assert any(n.startswith('answer_') for n in dir())\n")


def _quiz_assignment(root: Path, tmp: Path, exchange_opt: str) -> None:
    """A second assignment: a quiz exported from the bank, plus an instructor's own check."""
    source = root / "source" / QUIZ / f"{QUIZ}.ipynb"
    source.parent.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "autograder", "quiz", "export", "notebook",
                    "--module", "module02", "--section", "softmax_temperature", "--lang", LANG,
                    "--out", str(source)], check=True, capture_output=True, text=True)
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(INSTRUCTOR_CHECK, metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "instructor_check",
        "points": 2.0, "schema_version": 3}}))
    nbformat.write(nb, source)
    run_nbgrader(["generate_assignment", QUIZ], root)
    run_nbgrader(["release_assignment", QUIZ], root)
    released = nbformat.read(root / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    answers = {c.metadata.nbgrader["grade_id"]: strip_solution_markers(c.source)
               for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}
    correct = copy.deepcopy(released)
    for cell in correct.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    fetched = tmp / "fetched-quiz"
    fetched.mkdir()
    run_nbgrader(["fetch_assignment", QUIZ, f"--course={COURSE_ID}", exchange_opt], fetched)
    for student, notebook in {"quiz_untouched": released, "quiz_correct": correct}.items():
        home = tmp / "students" / student
        shutil.copytree(fetched, home)
        nbformat.write(notebook, home / QUIZ / f"{QUIZ}.ipynb")
        run_nbgrader(["submit", QUIZ, f"--course={COURSE_ID}", f"--student={student}",
                      exchange_opt], home)
    run_nbgrader(["collect", QUIZ], root)
    run_nbgrader(["autograde", QUIZ], root)
    run_nbgrader(["generate_feedback", QUIZ], root)


def engine_scores(path: Path) -> dict[str, float]:
    """Per-function scores from the grader's command line, for this module's functions."""
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(path), "--json", "--lang", LANG],
        capture_output=True, text=True, check=True, timeout=300,
    )
    scores: dict[str, float] = {}
    for test in json.loads(proc.stdout)["tests"]:
        scores[test["function"]] = scores.get(test["function"], 0.0) + test["score"]
    return {name: round(scores.get(name, 0.0), 4) for name in FUNCTIONS}


def nbgrader_scores(root: Path, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {
            name: round(gb.find_grade(f"test_{name}", ASSIGNMENT, ASSIGNMENT, student).score, 4)
            for name in FUNCTIONS
        }




@dataclass(frozen=True)
class GradedClass:
    root: Path  # the nbgrader course folder
    notebooks: dict[str, Path]  # student -> the notebook as the student wrote it
    log: str  # what `nbgrader autograde` printed


def build_graded_class(tmp: Path) -> GradedClass:
    """Run the whole nbgrader workflow in ``tmp``."""
    env = {"PYTHONPATH": str(REPO_ROOT),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    previous = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return _build(tmp)
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(tmp: Path) -> GradedClass:
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
    _quiz_assignment(root, tmp, exchange_opt)
    run_nbgrader(["export"], root)
    return GradedClass(root, student_notebooks, log)
