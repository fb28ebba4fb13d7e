"""Which notebooks are course notebooks, and the --full suite choice."""

from __future__ import annotations

import json

import pytest

from autograder.config import course
from autograder.selfstudy.course_notebooks import find_notebooks, identify
from autograder.selfstudy.suites import PUBLIC_TESTS_DIR, HiddenSuiteMissing, suite_dir
from tests.selfstudy.conftest import RELEASED


def write(path, metadata=None, cells=()):
    path.write_text(json.dumps({"cells": list(cells), "metadata": metadata or {},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_when_named_like_a_module_notebook_then_it_is_that_module():
    found = identify(RELEASED / "en" / "module02_attention.ipynb", course())
    assert found.module.id == "module02" and found.language == "en"
    assert found.functions[0] == "softmax"


def test_when_renamed_but_with_course_metadata_then_it_is_still_recognised(tmp_path):
    path = write(tmp_path / "my copy.ipynb", {"course": {"module": "module01", "language": "tr"}})
    found = identify(path, course())
    assert found.module.id == "module01" and found.language == "tr"


def test_when_only_nbgrader_ids_name_a_function_then_its_module_is_found(tmp_path):
    nbgrader = {"grade_id": "test_softmax"}
    cell = {"cell_type": "code", "source": "", "metadata": {"nbgrader": nbgrader}}
    assert identify(write(tmp_path / "x.ipynb", cells=[cell]), course()).module.id == "module02"


@pytest.mark.parametrize("text", ["", "{not json", "[1, 2]", '{"metadata": {"course": 3}}'])
def test_when_notebook_is_unrelated_or_unreadable_then_it_is_not_a_course_notebook(tmp_path, text):
    path = tmp_path / "notes.ipynb"
    path.write_text(text, encoding="utf-8")
    assert identify(path, course()) is None


def test_when_folders_are_searched_then_notebooks_are_found_by_module_and_missing_paths_listed(
    tmp_path,
):
    found, missing, duplicates = find_notebooks([RELEASED / "en", tmp_path / "nowhere"], course())
    assert set(found) == {m.id for m in course().modules} == {"module01", "module02", "module03"}
    assert missing == [tmp_path / "nowhere"] and duplicates == {}


def test_when_full_is_not_asked_then_the_public_checks_run():
    assert suite_dir() == PUBLIC_TESTS_DIR


def test_when_full_is_asked_without_a_hidden_suite_then_the_error_says_so(tmp_path):
    with pytest.raises(HiddenSuiteMissing, match="this copy has no hidden tests"):
        suite_dir(full=True, hidden_dir=tmp_path)


def test_when_full_is_asked_without_a_hidden_suite_then_pytest_stops_with_a_usage_error(
    tmp_path, monkeypatch, capsys,
):
    monkeypatch.setattr("autograder.selfstudy.pytest_plugin.HIDDEN_TESTS_DIR", tmp_path)
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    code = pytest.main(["--full", "-p", "no:cacheprovider", "--collect-only",
                        str(RELEASED / "en" / "module01_seq2seq.ipynb")])
    assert code == pytest.ExitCode.USAGE_ERROR
    assert "this copy has no hidden tests" in capsys.readouterr().err
