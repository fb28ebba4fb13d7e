"""Finding each student's files in the three submissions layouts."""

from __future__ import annotations

import pytest

from autograder.classroom.discover import SubmissionsDirError, discover
from autograder.classroom.state import Journal, safe_name


def touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_when_one_file_per_student_then_the_stem_names_the_student(tmp_path):
    touch(tmp_path / "alice.ipynb")
    touch(tmp_path / "bob.py")
    touch(tmp_path / "bob.quiz.yaml")
    touch(tmp_path / "notes.txt")
    found = {s.student: s for s in discover(tmp_path).students}
    assert sorted(found) == ["alice", "bob"]
    assert [p.name for p in found["bob"].quiz] == ["bob.quiz.yaml"]


def test_when_one_folder_per_student_then_nested_files_and_quiz_answers_are_found(tmp_path):
    touch(tmp_path / "alice" / "hw" / "attention.ipynb")
    touch(tmp_path / "alice" / "hw" / ".ipynb_checkpoints" / "attention-checkpoint.ipynb")
    touch(tmp_path / "alice" / "answers.yml")
    touch(tmp_path / "alice" / "environment.yaml")
    (student,) = discover(tmp_path).students
    assert [p.name for p in student.code] == ["attention.ipynb"]
    assert [p.name for p in student.quiz] == ["answers.yml"]


def test_when_given_an_nbgrader_course_then_its_submitted_folder_is_used(tmp_path):
    touch(tmp_path / "nbgrader_config.py")
    touch(tmp_path / "source" / "module02_attention" / "module02_attention.ipynb")
    for student in ("ayse", "mehmet"):
        for assignment in ("module01_seq2seq", "module02_attention"):
            touch(tmp_path / "submitted" / student / assignment / f"{assignment}.ipynb")
    found = discover(tmp_path, assignment="module02_attention")
    assert [s.student for s in found.students] == ["ayse", "mehmet"]
    assert [p.name for p in found.students[0].code] == ["module02_attention.ipynb"]
    both = discover(tmp_path / "submitted").students[0]
    assert len(both.code) == 2, "without --assignment a student's notebooks are graded together"


def test_when_the_folder_is_missing_or_empty_then_a_clear_error(tmp_path):
    with pytest.raises(SubmissionsDirError, match="not a folder"):
        discover(tmp_path / "nope")
    with pytest.raises(SubmissionsDirError, match="no submissions"):
        discover(tmp_path)


def test_when_names_need_cleaning_then_file_names_stay_distinct():
    assert safe_name("ayşe") == "ayşe"
    assert safe_name("a/b") != safe_name("a_b")
    assert "/" not in safe_name("../../etc/passwd")


def test_when_the_journal_has_a_torn_last_line_then_it_is_ignored(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(
        '{"student": "a", "status": "graded"}\n{"student": "b", "sta')
    journal = Journal(tmp_path)
    assert list(journal.entries) == ["a"]
    journal.compact()
    journal.record({"student": "c", "status": "graded"})
    assert list(Journal(tmp_path).entries) == ["a", "c"]
