"""``grade-all`` on real submissions: every student gets a row; resume; regrade on change."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.config import course
from autograder.paths import REPO_ROOT
from autograder.report import GradingReport

# one worker builds this module's class under pytest-xdist (--dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grade-all")]


@pytest.fixture(scope="module")
def graded_mixed_class(tmp_path_factory, klass):
    root = tmp_path_factory.mktemp("mixed")
    subs = klass.mixed_class(root)
    course_file = klass.short_course_file(root)
    out = root / "results"
    started = time.monotonic()
    proc = klass.grade_all(subs, "--out", out, "--course", course_file, "--lang", "en",
                           "--jobs", "2")
    return root, subs, out, course_file, proc, time.monotonic() - started


def rows(out):
    with (out / "gradebook.csv").open(encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def report(out, student) -> GradingReport:
    return GradingReport.from_json((out / "students" / f"{student}.json").read_text())


def test_when_a_mixed_class_is_graded_then_every_student_gets_a_row(graded_mixed_class):
    _, _, out, _, proc, _ = graded_mixed_class
    assert proc.returncode == 0, proc.stderr
    book = rows(out)
    assert sorted(book) == ["ali_complete", "berk_partial", "cem_buggy", "deniz_stub",
                            "ece_hang", "fatma_crash", "gul_flood", "hakan"]
    assert all(row["status"] == "graded" for row in book.values())
    # one student handed in quiz answers: everyone's maximum holds the quizzes' points
    # (quiz_share 0.2: a module's quiz is worth a quarter of its code points)
    full = sum(fn.points for fn in course().functions())  # every module's functions
    quizzes = sum(module.quiz_points() for module in course().modules)
    assert float(book["ali_complete"]["total"]) == full
    assert {float(row["max"]) for row in book.values()} == {full + quizzes}
    assert float(book["deniz_stub"]["total"]) == 0
    assert float(book["berk_partial"]["split_heads"]) == 0
    assert float(book["berk_partial"]["merge_heads"]) == 5
    assert 0 < float(book["cem_buggy"]["softmax"]) < 10


def test_when_a_submission_hangs_or_crashes_then_only_that_function_loses(graded_mixed_class):
    _, _, out, _, _, _ = graded_mixed_class
    book = rows(out)
    hang, crash = report(out, "ece_hang"), report(out, "fatma_crash")
    assert {t.status for t in hang.tests if t.function == "softmax"} == {"timeout"}
    assert float(book["ece_hang"]["softmax"]) == 0
    assert float(book["ece_hang"]["layer_norm"]) == 8
    assert float(book["fatma_crash"]["layer_norm"]) == 0
    assert float(book["fatma_crash"]["softmax"]) == 10
    assert any("os._exit" in t.output for t in crash.tests if t.function == "layer_norm")
    assert float(book["gul_flood"]["total"]) == sum(fn.points for fn in course().functions()), (
        "printing a flood of output costs nothing")


def test_when_quiz_answers_are_present_then_the_gradebook_has_a_quiz_score(graded_mixed_class):
    _, _, out, _, _, _ = graded_mixed_class
    book = rows(out)
    quizzes = sum(module.quiz_points() for module in course().modules)
    assert 0 < float(book["hakan"]["quiz"]) <= quizzes
    assert book["ali_complete"]["quiz"] == "0"  # no answers: 0 of the same maximum
    code = report(out, "hakan")
    assert float(book["hakan"]["total"]) == pytest.approx(code.score + float(book["hakan"]["quiz"]))
    assert float(book["hakan"]["max"]) == code.max_score + quizzes
    quiz = json.loads((out / "students" / "hakan.quiz.json").read_text())
    assert quiz[0]["student"] == "hakan" and quiz[0]["items"]


def test_when_rerun_then_nothing_is_graded_twice(graded_mixed_class, klass):
    _, subs, out, course_file, _, _ = graded_mixed_class
    before = {p.name: p.stat().st_mtime_ns for p in (out / "students").iterdir()}
    proc = klass.grade_all(subs, "--out", out, "--course", course_file, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "0 graded now, 8 unchanged" in proc.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (out / "students").iterdir()} == before


def test_when_a_submission_changes_then_only_it_is_regraded(tmp_path, klass):
    subs = klass.small_class(tmp_path, students=3)
    out = tmp_path / "results"
    course_file = klass.short_course_file(tmp_path)
    assert klass.grade_all(subs, "--out", out, "--course", course_file).returncode == 0
    assert rows(out)["student01"]["softmax"] == "8.8889"  # overflow: 1 of 9 checks lost
    klass.write(subs / "student01.py", klass.reference_source())  # the overflow is fixed
    proc = klass.grade_all(subs, "--out", out, "--course", course_file)
    assert "1 graded now, 2 unchanged" in proc.stderr
    assert rows(out)["student01"]["softmax"] == "10"
    forced = klass.grade_all(subs, "--out", out, "--course", course_file, "--force")
    assert "3 graded now, 0 unchanged" in forced.stderr


def test_when_killed_midway_then_a_rerun_finishes_without_regrading(tmp_path, klass):
    subs = klass.small_class(tmp_path, students=6)
    out = tmp_path / "results"
    course_file = klass.short_course_file(tmp_path)
    command = [sys.executable, "-m", "autograder", "grade-all", str(subs), "--out", str(out),
               "--course", str(course_file), "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(klass.journal_lines(out)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the grader and its workers, as an OOM killer would
    proc.wait()
    done = {line["student"] for line in klass.journal_lines(out) if line["status"] == "graded"}
    assert 2 <= len(done) < 6
    for student in done:
        report(out, student)  # every recorded report is complete and readable
    rerun = klass.grade_all(subs, "--out", out, "--course", course_file)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{6 - len(done)} graded now, {len(done)} unchanged" in rerun.stderr
    assert all(row["status"] == "graded" for row in rows(out).values())
    assert len(rows(out)) == 6


def test_when_interrupted_with_ctrl_c_then_it_stops_cleanly_and_resumes(tmp_path, klass):
    subs = klass.small_class(tmp_path, students=6)
    out = tmp_path / "results"
    course_file = klass.short_course_file(tmp_path)
    command = [sys.executable, "-m", "autograder", "grade-all", str(subs), "--out", str(out),
               "--course", str(course_file), "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not klass.journal_lines(out) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    book = rows(out)
    assert len(book) == 6
    statuses = {row["status"] for row in book.values()}
    assert statuses <= {"graded", "not_graded"} and "not_graded" in statuses
    rerun = klass.grade_all(subs, "--out", out, "--course", course_file)
    assert rerun.returncode == 0
    assert all(row["status"] == "graded" for row in rows(out).values())


def test_when_arguments_are_wrong_then_usage_error(tmp_path, klass):
    proc = klass.grade_all(tmp_path / "missing", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "not a folder" in proc.stderr
    klass.write(tmp_path / "subs" / "a.py", "x = 1\n")
    proc = klass.grade_all(tmp_path / "subs", "--out", tmp_path / "out", "--function", "nope")
    assert proc.returncode == 2 and "not a graded function" in proc.stderr
    assert "Traceback" not in proc.stderr
