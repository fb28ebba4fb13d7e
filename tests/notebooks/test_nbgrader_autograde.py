"""A real nbgrader course, end to end: the scores equal ``python -m autograder grade``.

The class is graded once per session by ``tests/notebooks/nbgrader_class.py``
(fixture ``graded_class`` in conftest.py).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.notebooks.nbgrader_class import (
    ASSIGNMENT,
    QUIZ,
    STUDENTS,
    engine_scores,
    nbgrader_scores,
)

# one worker builds the session's nbgrader class under pytest-xdist (--dist loadgroup)
pytestmark = pytest.mark.xdist_group("nbgrader-class")


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_when_nbgrader_autogrades_then_scores_equal_the_grader_command(graded_class, student):
    root, notebooks = graded_class.root, graded_class.notebooks
    submitted = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert submitted.is_file(), "nbgrader collect brought the submission in"
    same_as_complete = student in ("tampered", "metadata_tampered")
    expected = engine_scores(notebooks["complete"] if same_as_complete else submitted)
    assert nbgrader_scores(root, student) == expected


@pytest.mark.slow
def test_when_class_is_graded_then_work_earns_points_and_cheating_does_not(graded_class):
    root = graded_class.root
    scores = {s: nbgrader_scores(root, s) for s in STUDENTS}
    total = {s: sum(v.values()) for s, v in scores.items()}
    assert total["untouched"] == 0
    assert total["cheating"] == 0
    assert total["complete"] > total["buggy_softmax"] > 0
    assert total["complete"] > total["buggy_unscaled"] > 0
    assert scores["buggy_softmax"]["softmax"] < scores["complete"]["softmax"]
    assert scores["buggy_unscaled"]["softmax"] == scores["complete"]["softmax"]
    assert scores["tampered"] == scores["complete"], "tampering with locked cells costs nothing"
    assert scores["hostile_markdown"] == scores["complete"]
    assert scores["metadata_tampered"] == scores["complete"], "edited nbgrader metadata"


@pytest.mark.slow
def test_when_grades_are_exported_then_totals_match(graded_class):
    root = graded_class.root
    with (root / "grades.csv").open() as f:
        rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)
                if row["assignment"] == ASSIGNMENT}
    for student in STUDENTS:
        assert rows[student] == pytest.approx(sum(nbgrader_scores(root, student).values()))


@pytest.mark.slow
def test_when_feedback_is_generated_then_it_explains_but_never_shows_hidden_tests(graded_class):
    root = graded_class.root
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
    root, log = graded_class.root, graded_class.log
    assert "Test cell test_layer_norm was missing from the submission; added back" in log
    assert "tampered: edited cell (cell test_softmax)" in log
    assert "complete:" not in log, "an untouched notebook must not look tampered with"
    assert "checksum" not in log, "nbgrader's expected checksum warnings are gone"
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

    root = graded_class.root
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


@pytest.mark.slow
def test_graded_cells_the_engine_does_not_know_are_graded_for_real(graded_class):
    """A quiz exported to nbgrader and an instructor's own check: never free points."""
    root = graded_class.root
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        maximum = gb.find_assignment(QUIZ).max_score
        untouched = gb.find_submission(QUIZ, "quiz_untouched").score
        correct = gb.find_submission(QUIZ, "quiz_correct").score
        check = {student: gb.find_grade("instructor_check", QUIZ, QUIZ, student).score
                 for student in ("quiz_untouched", "quiz_correct")}
    assert maximum > 2
    assert untouched == 0, "an untouched quiz earned points"
    assert correct == pytest.approx(maximum)
    assert check == {"quiz_untouched": 0, "quiz_correct": 2}


@pytest.mark.slow
def test_exported_grades_have_exact_numbers(graded_class):
    root = graded_class.root
    text = (root / "grades.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        for column in ("raw_score", "score", "max_score"):
            assert len(row[column].partition(".")[2]) <= 4, (column, row[column])
