"""Uploads that once stopped a whole class: one bad submission costs only its own row.

Names that are not UTF-8, a 3 GB file (sparse: it takes no disk), folders
nested 1,100 deep, a full disk under the results folder, all built here, on
every path that reads uploads (`grade-all`, the Gradescope runner).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.classroom.discover import discover
from autograder.config import course
from autograder.paths import REPO_ROOT
from autograder.sandbox.cleanup import remove_tree

CP1254_SULE = b"\xdeule"  # "Şule" as a Windows zip in Turkish writes it: not UTF-8


def non_utf8(name: bytes) -> str:
    return os.fsdecode(name)


def nest(folder: Path, depth: int) -> Path:
    """``folder/d/d/.../d`` ``depth`` levels down (os.makedirs would recurse too deep)."""
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def remove_deep_folders(tmp_path):
    """pytest's own clean-up of old temporary folders recurses once per level."""
    yield
    remove_tree(tmp_path)


def hostile_class(root: Path, klass) -> Path:
    subs = root / "submissions"
    reference = klass.reference_source()
    klass.write(subs / "ali.py", reference)
    bomb = ["answers:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    klass.write(subs / "ali.quiz.yaml", "\n".join(bomb) + "\n")  # 600 bytes, 9**10 strings
    sule = subs / non_utf8(CP1254_SULE)
    klass.write(sule / f"{non_utf8(b'cevap-' + CP1254_SULE)}.py", reference)
    klass.write(subs / "zeynep" / "module02_attention.py", reference)
    with (subs / "zeynep" / "data.py").open("wb") as handle:  # 3 GB, sparse
        handle.truncate(3 * 1024 ** 3)
    deep = subs / "mert"
    klass.write(deep / "module02_attention.py", reference)
    (nest(deep, 1100) / "hidden.py").write_text("raise SystemExit", encoding="utf-8")
    return subs


def gradebook(results: Path) -> dict[str, dict]:
    with (results / "gradebook.csv").open(encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def test_discovery_survives_odd_names_and_deep_folders(tmp_path, klass):
    subs = hostile_class(tmp_path, klass)
    found = discover(subs)
    names = {s.student for s in found.students}
    assert {"ali", "zeynep", "mert"} <= names
    sule = next(n for n in names if n.startswith("\ufffdule~"))
    sule.encode("utf-8")  # a valid text id
    assert any("nested too deeply" in note for note in found.notes)


def test_grade_all_grades_everyone_despite_odd_names_huge_files_and_deep_folders(tmp_path,
                                                                                   klass):
    subs = hostile_class(tmp_path, klass)
    results = tmp_path / "results"
    done = klass.grade_all(subs, "--out", results, "--course", klass.short_course_file(tmp_path),
                           "--module", "module02", "--lang", "en")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    book = gradebook(results)
    full = "80"
    assert book["ali"]["total"] == full, "an alias bomb in the quiz answers cost the code grade"
    quiz = json.loads(next((results / "students").glob("ali*.quiz.json")).read_text())
    assert "aliases" in quiz[0]["error"]
    assert book["zeynep"]["total"] == full, "a huge extra file cost a correct notebook its grade"
    assert book["mert"]["total"] == full
    sule = next(name for name in book if name.startswith("\ufffdule~"))
    assert book[sule]["total"] == full
    zeynep = json.loads(next((results / "students").glob("zeynep*.json")).read_text())
    assert any("data.py was not graded" in note for note in zeynep["load_notes"])


def test_a_full_disk_ends_grade_all_cleanly_and_a_rerun_continues(tmp_path, klass):
    if not shutil.which("unshare"):
        pytest.skip("unshare is needed to mount a small file system")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no user and mount namespaces here")
    subs = klass.small_class(tmp_path, students=6)
    results = tmp_path / "results"
    results.mkdir()
    course = klass.short_course_file(tmp_path)
    grade = (f"{sys.executable} -m autograder grade-all {subs} --out {results} --no-progress "
             f"--course {course} --function softmax --jobs 1")
    script = (f"mount -t tmpfs -o size=24k tmpfs {results} && {grade}; "
              f"echo EXIT=$?; ls -a {results} {results}/students; "
              f"cat {results}/manifest.jsonl; "
              f"mount -o remount,size=10m {results} && {grade}; echo RERUN=$?; "
              f"cat {results}/gradebook.csv")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                          text=True, timeout=600, cwd=REPO_ROOT)
    assert "EXIT=1" in done.stdout, done.stdout + done.stderr[-2000:]
    assert "No space left on device" in done.stderr
    assert "run the same command again" in done.stderr
    assert "Traceback" not in done.stderr
    assert ".tmp" not in done.stdout, "a temporary file was left behind"
    journal = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert journal, "nothing was recorded"
    assert "RERUN=0" in done.stdout  # with space again, the same command finishes the class
    book = done.stdout.split("RERUN=0", 1)[1]
    assert all(f"student{i:02d}," in book for i in range(6))
    first, rerun = re.findall(r"(\d+) unchanged since the last run", done.stderr)
    assert first == "0" and int(rerun) >= 1  # what was written before the disk filled is kept


def test_gradescope_always_writes_results_json_for_odd_uploads(tmp_path, klass):
    from autograder.classroom.bundle import build_bundle

    bundle = build_bundle(tmp_path / "autograder.zip", lang="en", functions=None,
                          visibility="visible")
    assert bundle.files
    import zipfile

    root = tmp_path / "gs"
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        archive.extractall(root / "source")
    (root / "source" / "run_autograder").chmod(0o755)
    upload = root / "submission"
    reference = klass.reference_source()
    klass.write(upload / f"{non_utf8(CP1254_SULE)}.py", reference)
    nest(upload, 1100)
    (root / "results").mkdir()
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    every = sum(fn.points for fn in course().functions())  # the bundle grades every function
    assert results["score"] == pytest.approx(every), results.get("output")
    assert "internal problem" not in results.get("output", "")
