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
        "hostile_markdown": _hostile_markdown(complete),
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


STUDENTS = ["complete", "untouched", "buggy_softmax", "buggy_unscaled", "cheating", "tampered",
            "hostile_markdown"]


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
    assert scores["hostile_markdown"] == scores["complete"]


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


# ---------------------------------------------------------------- the instructor's browser


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def formgrader(graded_class):
    """A real Jupyter server with nbgrader's formgrader, serving the graded course."""
    import os
    import secrets
    import time
    import urllib.request

    root, _, _ = graded_class
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    log = (root.parent / "jupyter-server.log").open("w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "server", "--no-browser",
         f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        log.seek(0)
        pytest.fail("the Jupyter server did not start: " + log.read()[-2000:])
    yield base, token, root
    server.terminate()
    server.wait(10)
    log.seek(0)
    print(log.read()[-5000:])  # shown when a test using the server fails
    log.close()


def _submission_url(root: Path, student: str) -> str:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return f"/formgrader/submissions/{notebook.id}/"


def _visit(browser, url: str) -> tuple[str | None, str]:
    """Open ``url``; what the student's script marked (None if nothing ran) and the page text."""
    page = browser.new_page()
    try:
        response = page.goto(url, wait_until="load")
        assert response is None or response.ok, f"{url}: HTTP {response.status}: " + (
            page.inner_text("body")[:3000])
        page.wait_for_timeout(1500)  # time for any script, onerror or onload to run
        return page.evaluate("window.__pwned || null"), page.inner_text("body")
    finally:
        page.close()


@pytest.mark.slow
def test_a_students_script_never_runs_in_the_instructors_browser(graded_class, formgrader,
                                                                  tmp_path):
    from nbconvert import HTMLExporter

    from tests.browser import open_browser

    base, token, root = formgrader
    submitted = root / "submitted" / "hostile_markdown" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    unsafe = tmp_path / "as_submitted.html"  # the detector works: rendered as written, it runs
    unsafe.write_text(HTMLExporter().from_filename(str(submitted))[0], encoding="utf-8")
    feedback = root / "feedback" / "hostile_markdown" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    with open_browser() as browser:
        marked, _ = _visit(browser, unsafe.as_uri())
        assert marked is not None, "the test's detector did not see the unsanitised script"
        marked, text = _visit(browser, f"{base}{_submission_url(root, 'hostile_markdown')}"
                                       f"?token={token}")
        assert "My written answer" in text, "formgrader did not show the submission"
        assert marked is None, f"a student's script ran in formgrader ({marked})"
        marked, text = _visit(browser, feedback.as_uri())
        assert "My written answer" in text
        assert marked is None, f"a student's script ran in the feedback page ({marked})"
    assert not (root / "pwned.txt").exists(), "the student's script wrote into the course folder"
