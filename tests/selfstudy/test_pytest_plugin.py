"""`pytest exercises/...` on a learner's notebooks (the pytest11 plugin), run as a learner does.

pytest runs in this process (``pytester``), from the learner's folder, with the plugin loaded
from its entry point as in a learner's environment; only the collection of the whole project,
which must be a real ``pytest`` started in the repository, is a separate process.
"""

from __future__ import annotations

import textwrap
import time

import nbformat
import pytest
import yaml

from autograder.paths import REPO_ROOT
from tests.selfstudy.conftest import run_pytest

MODULE02 = ["softmax", "scaled_dot_product_attention", "causal_mask", "padding_mask",
            "split_heads", "merge_heads", "multi_head_attention",
            "sinusoidal_positional_encoding", "layer_norm", "encoder_layer"]

BUGGY_ENCODING = textwrap.dedent("""
    def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
        positions = np.arange(seq_len)[:, None]
        angles = positions / base ** (np.arange(0, d_model, 2) / d_model)
        pe = np.zeros((seq_len, d_model))
        pe[:, 0::2] = np.cos(angles)  # the bug: sines and cosines swapped
        pe[:, 1::2] = np.sin(angles[:, : d_model // 2])
        return pe
""")

HANGING_CAUSAL_MASK = textwrap.dedent("""
    def causal_mask(seq_len):
        while True:
            pass
""")


def test_when_notebook_is_completed_then_every_function_item_passes(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module02_attention")
    result = run_inprocess(str(notebook.relative_to(tmp_path)), "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    for function in MODULE02:
        assert f"module02_attention.ipynb::{function} PASSED" in result.stdout
    assert "10 passed" in result.stdout


def test_when_notebook_is_the_released_stub_then_each_function_is_skipped_as_not_started(
    learner_copy, tmp_path, run_inprocess
):
    learner_copy("released", "en", "module01_seq2seq")
    result = run_inprocess("exercises/", "-rs", cwd=tmp_path)
    assert result.returncode == 0, result.stdout  # nothing written yet is not a failure
    assert "2 skipped" in result.stdout and "failed" not in result.stdout
    for function in ("rnn_encoder", "additive_attention"):
        assert f"Not started yet: `{function}` still raises NotImplementedError" in result.stdout


def test_when_course_lang_is_tr_then_feedback_is_turkish(learner_copy, tmp_path, run_inprocess):
    notebook = learner_copy("released", "en", "module01_seq2seq")
    result = run_inprocess(str(notebook), "--course-lang", "tr", "-rs", cwd=tmp_path)
    assert "Henüz başlanmamış: `rnn_encoder` hâlâ NotImplementedError fırlatıyor" in result.stdout


WRONG_AXIS_SOFTMAX = textwrap.dedent("""
    def softmax(x, axis=-1, temperature=1.0):
        e = np.exp(np.asarray(x, dtype=float) / temperature)
        return e / e.sum(axis=0, keepdims=True)  # the bug: always the first axis
""")


def test_when_one_function_is_selected_then_a_failing_foundation_still_gets_its_hint(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module02_attention", WRONG_AXIS_SOFTMAX)
    selected = f"{notebook.relative_to(tmp_path)}::scaled_dot_product_attention"
    result = run_inprocess(selected, cwd=tmp_path)
    assert result.returncode == 1
    assert "1 failed in" in result.stdout  # only the one item
    assert ("Hint: `scaled_dot_product_attention` builds on `softmax`, which fails its own "
            "checks too; fixing it first may fix `scaled_dot_product_attention` as well."
            in result.stdout)


def test_when_the_cell_defining_a_function_has_a_syntax_error_then_pytest_says_so(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module02_attention")
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "solution-softmax")
    cell.source = "def softmax(x, axis=-1, temperature=1.0)\n    return x\n"
    position = sum(1 for c in nb.cells[: nb.cells.index(cell) + 1] if c.cell_type == "code")
    nbformat.write(nb, notebook)
    result = run_inprocess(f"{notebook}::softmax", cwd=tmp_path)
    assert result.returncode == 1
    assert (f"`softmax` is not defined because <code cell {position}>, which defines it, did "
            "not run: SyntaxError" in result.stdout)
    assert "check its name" not in result.stdout.lower()


def test_when_one_function_is_buggy_then_only_its_item_fails_with_its_feedback(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module02_attention", BUGGY_ENCODING)
    result = run_inprocess(str(notebook), "-v", cwd=tmp_path)
    assert result.returncode == 1
    assert "module02_attention.ipynb::sinusoidal_positional_encoding FAILED" in result.stdout
    assert "1 failed, 9 passed" in result.stdout
    assert "Your sines and cosines are swapped" in result.stdout  # the grader's named mistake
    assert "✗ seq_len 3, d_model 4: columns sin(p), cos(p)" in result.stdout


def test_when_a_function_hangs_then_its_item_fails_within_the_time_limit(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module02_attention", HANGING_CAUSAL_MASK)
    config = yaml.safe_load((REPO_ROOT / "course.yaml").read_text(encoding="utf-8"))
    config["sandbox"]["call_timeout_seconds"] = 1
    course_file = tmp_path / "course.yaml"
    course_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    started = time.monotonic()
    result = run_inprocess(str(notebook), "-v", "--course-file", str(course_file), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert "module02_attention.ipynb::causal_mask FAILED" in result.stdout
    assert "did not finish within 1 s" in result.stdout
    assert "1 failed, 9 passed" in result.stdout
    assert elapsed < 30, elapsed  # one time-out, not one per check


def test_when_full_is_given_then_the_hidden_suite_grades_the_notebook(
    learner_copy, tmp_path, run_inprocess
):
    notebook = learner_copy("completed", "en", "module01_seq2seq")
    result = run_inprocess(str(notebook), "--full", "-rA", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "2 passed" in result.stdout


def test_when_a_named_notebook_is_not_a_course_notebook_then_collection_says_so(
    tmp_path, run_inprocess
):
    stray = tmp_path / "notes.ipynb"
    stray.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    result = run_inprocess(str(stray), "--course-lang", "en", cwd=tmp_path)
    assert result.returncode != 0
    assert "notes.ipynb is not a course notebook" in result.stdout


def test_when_the_course_file_is_invalid_then_pytest_reports_a_usage_error(
    tmp_path, run_inprocess
):
    bad = tmp_path / "course.yaml"
    bad.write_text("modules: [", encoding="utf-8")
    result = run_inprocess("--course-file", str(bad), cwd=tmp_path)
    assert result.returncode == 4
    assert "not valid YAML" in result.stderr


@pytest.mark.slow  # a real pytest collecting the whole project (with torch), ~40 s; the rule it
# relies on is checked in test-fast by ..._only_naming_them_collects_them below
def test_when_project_tests_run_from_the_root_then_no_notebook_is_collected():
    result = run_pytest("--collect-only", "-q", cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    assert ".ipynb::" not in result.stdout
    assert " tests collected" in result.stdout or "tests collected" in result.stdout


def test_when_notebooks_sit_under_testpaths_then_only_naming_them_collects_them(
    learner_copy, tmp_path, run_inprocess
):
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_plain.py").write_text("def test_plain():\n    pass\n")
    notebook = learner_copy("released", "en", "module01_seq2seq")
    inside = tests / notebook.name
    inside.write_bytes(notebook.read_bytes())
    plain = run_inprocess("--collect-only", "-q", cwd=tmp_path)
    root = run_inprocess("--collect-only", "-q", ".", cwd=tmp_path)
    named = run_inprocess("--collect-only", "-q", "tests/module01_seq2seq.ipynb", cwd=tmp_path)
    assert ".ipynb::" not in plain.stdout and "test_plain" in plain.stdout
    assert "tests/module01_seq2seq.ipynb::" not in root.stdout
    assert "exercises/en/module01_seq2seq.ipynb::rnn_encoder" in root.stdout
    assert "tests/module01_seq2seq.ipynb::rnn_encoder" in named.stdout


REPORT_LOADERS = textwrap.dedent("""
    import json
    import sys


    def pytest_sessionfinish(session):
        loaders = {name: type(module.__spec__.loader).__name__
                   for name, module in list(sys.modules.items())
                   if name.startswith("autograder.") and getattr(module, "__spec__", None)}
        with open("loaders.json", "w") as file:
            json.dump(loaders, file)
""")


def test_a_learners_run_imports_the_grader_without_pytests_assertion_rewriting(
    learner_copy, tmp_path
):
    notebook = learner_copy("completed", "en", "module02_attention")
    (tmp_path / "conftest.py").write_text(REPORT_LOADERS, encoding="utf-8")
    result = run_pytest(str(notebook.relative_to(tmp_path)), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    loaders = yaml.safe_load((tmp_path / "loaders.json").read_text(encoding="utf-8"))
    grader = ["autograder.engine", "autograder.student", "autograder.loading",
              "autograder.sandbox.process", "autograder.outcomes.recorder", "autograder.config"]
    assert {name: loaders[name] for name in grader} == dict.fromkeys(grader, "SourceFileLoader")
