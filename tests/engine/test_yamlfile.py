"""The one YAML reader (autograder/yamlfile.py): a broken course file, notebook source or text
catalog is reported as ``file:line: what is wrong``, and the command line says so without a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import autograder.quiz.messages
from autograder.cli import main
from autograder.config import CourseFileError, load_course
from autograder.notebooks.source import NotebookSourceError, load_source, source_path
from autograder.paths import COURSE_FILE, REPO_ROOT
from autograder.texts import Catalog, CatalogError
from autograder.yamlfile import YamlFileError, load, read_yaml

SAMPLE_ANSWERS = REPO_ROOT / "quizzes" / "samples" / "demo-student.yaml"


def _course_with(tmp_path: Path, old: str, new: str) -> Path:
    text = COURSE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "course.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def test_a_course_file_that_does_not_parse_names_the_line(tmp_path: Path):
    path = _course_with(tmp_path, "memory_mb:", "memory_mb: [\n  oops:")
    with pytest.raises(CourseFileError) as raised:
        load_course(path)
    assert str(raised.value).startswith(f"{path}:")
    assert "not valid YAML" in str(raised.value) and raised.value.line is not None


def test_a_course_file_with_a_wrong_value_names_its_line_and_key(tmp_path: Path):
    path = _course_with(tmp_path, "memory_mb:", "memory_mb: lots\n  ignored_mb:")
    with pytest.raises(CourseFileError) as raised:
        load_course(path)
    line = _line_of(path, "memory_mb: lots")
    assert f"{path}:{line}: " in str(raised.value)
    assert "sandbox.memory_mb" in str(raised.value)


def test_a_notebook_source_with_a_missing_translation_names_its_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nmodule: module01\ncells:\n  - markdown: {tr: only}\n",
                   encoding="utf-8")
    with pytest.raises(NotebookSourceError) as raised:
        load_source(bad)
    assert str(raised.value).startswith(f"{bad}:4: ")
    assert "missing translation 'en' (cells.0.markdown.en)" in str(raised.value)


def test_a_notebook_source_that_does_not_parse_names_the_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncells:\n  - markdown: {tr: a, en: b\n  - x: 1\n",
                   encoding="utf-8")
    with pytest.raises(NotebookSourceError, match=rf"^{bad}:\d+: not valid YAML"):
        load_source(bad)


def test_the_fast_and_the_strict_reader_agree_on_the_course_files():
    """The libyaml reader (course file, sources, catalogs) and the node-tree reader give the
    same data where YAML 1.1 and 1.2 scalars agree, as in the course's own files."""
    for path in (COURSE_FILE, source_path("module02_attention")):
        assert load(path) == read_yaml(path)[0]


def test_an_unreadable_file_is_an_error_with_its_name(tmp_path: Path):
    with pytest.raises(YamlFileError, match=r"missing\.yaml: cannot read"):
        load(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: ç".encode("latin-1"))
    with pytest.raises(YamlFileError, match=r"latin\.yaml: not UTF-8 text"):
        load(latin)


# --- the command line: a clear message, an exit status, no traceback ---------------------------


def test_the_command_line_reports_a_broken_course_file_with_its_line(tmp_path: Path, capsys):
    course = _course_with(tmp_path, "memory_mb:", "memory_mb: lots\n  ignored_mb:")
    (tmp_path / "submissions").mkdir()
    status = main(["grade-all", str(tmp_path / "submissions"), "--out", str(tmp_path / "out"),
                   "--course", str(course)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"error: {course}:{_line_of(course, 'memory_mb: lots')}: ")
    assert "Traceback" not in err


def test_the_command_line_reports_a_broken_notebook_source_with_its_line(
        tmp_path: Path, capsys, monkeypatch):
    bad = tmp_path / "module01_seq2seq.yaml"
    bad.write_text("schema_version: 1\nmodule: module01\ncells:\n  - markdown: {tr: only}\n",
                   encoding="utf-8")
    import autograder.notebooks.build  # here: it imports nbformat, about a second

    monkeypatch.setattr(autograder.notebooks.build, "source_path", lambda notebook: bad)
    status = main(["build-notebooks", "--lang", "en", "--no-release"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"error: {bad}:4: missing translation 'en'")
    assert "Traceback" not in err


def test_the_command_line_reports_a_broken_catalog_with_its_line(
        tmp_path: Path, capsys, monkeypatch):
    broken = tmp_path / "messages.yaml"
    broken.write_text('correct: {tr: "Doğru.", en: "Correct."}\nincorrect: {tr: "Yanlış."}\n',
                      encoding="utf-8")
    monkeypatch.setattr(autograder.quiz.messages, "QUIZ", Catalog("quiz-broken", broken))
    monkeypatch.setenv("AUTOGRADER_NO_CACHE", "1")
    status = main(["quiz", "grade", str(SAMPLE_ANSWERS), "--module", "module01"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"error: {broken}:2: incorrect: a text has exactly the keys tr, en")
    assert "Traceback" not in err


def test_a_catalog_error_is_a_yaml_file_error():
    assert issubclass(CatalogError, YamlFileError)
    assert issubclass(CourseFileError, YamlFileError)
    assert issubclass(NotebookSourceError, YamlFileError)
