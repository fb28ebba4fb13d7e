"""Broken submissions get a clear report and never a traceback or a lost grade."""

from __future__ import annotations

import json

import pytest

from autograder.engine import grade_path

GOOD_SOFTMAX = '''
import numpy as np

def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''


def notebook(*cells: str, broken_metadata: bool = False) -> str:
    nb = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code", "source": source, "metadata": {}, "outputs": [],
                   "execution_count": None} for source in cells],
    }
    if broken_metadata:
        del nb["metadata"]
        for cell in nb["cells"]:
            cell["metadata"] = "not a dict"
    return json.dumps(nb)


def grade(path, **kwargs):
    return grade_path(path, functions=["softmax"], lang="en", **kwargs)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("", "empty.py", "the file is empty"),
        ("   \n\n", "blank.ipynb", "the file is empty"),
        ("{not json", "broken.ipynb", "not valid notebook JSON"),
        ("[1, 2, 3]", "list.ipynb", "not valid notebook JSON"),
        (json.dumps({"cells": [{"cell_type": "markdown", "source": "hi"}]}), "prose.ipynb",
         "no code cells"),
    ],
)
def test_unusable_file_gets_a_zero_report_with_the_reason(write_submission, text, name, expected):
    report = grade(write_submission(text, name))
    assert report.score == 0 and report.max_score == 10
    assert all(expected in t.output for t in report.tests)
    assert any(expected in note for note in report.load_notes)


def test_syntax_error_in_a_py_file_is_reported_with_its_line(write_submission):
    report = grade(write_submission("import numpy as np\n\ndef softmax(x:\n    return x\n"))
    assert report.score == 0
    assert any("SyntaxError" in note for note in report.load_notes)
    for test in report.tests:  # the real cause reaches the function the broken code defines
        if test.function == "softmax":
            assert "`softmax` is not defined because" in test.output, test.output
            assert "SyntaxError" in test.output and "line 3" in test.output
            assert test.feedback_key == "error.missing_load_failed"
        else:
            assert "is not defined in your submission" in test.output


def test_syntax_error_in_one_cell_costs_only_that_cell(write_submission):
    path = write_submission(notebook("def helper(:\n    pass", GOOD_SOFTMAX), "nb.ipynb")
    report = grade(path)
    assert report.score == report.max_score
    assert any("<code cell 1>" in note and "SyntaxError" in note for note in report.load_notes)


def test_cell_that_raises_does_not_stop_later_cells(write_submission):
    path = write_submission(notebook("raise RuntimeError('oops')", GOOD_SOFTMAX), "nb.ipynb")
    assert grade(path).score == 10


def test_cell_that_hangs_at_import_is_skipped_and_the_rest_graded(write_submission, tmp_path):
    from msgspec.structs import replace

    from autograder.config import course

    quick = replace(course(), sandbox=replace(course().sandbox, cell_timeout_seconds=1.5))
    path = write_submission(notebook(GOOD_SOFTMAX, "while True:\n    pass", "x = 1"), "nb.ipynb")
    report = grade(path, course_config=quick)
    assert report.score == 10
    assert any("<code cell 2>" in note and "time limit" in note for note in report.load_notes)


def test_ipython_magics_and_shell_escapes_are_neutralised(write_submission):
    cells = ("%matplotlib inline\n!pip install numpy\nfiles = !ls\n%time y = 1",
             "%%capture\nprint('hidden')", GOOD_SOFTMAX + "\nsoftmax?")
    report = grade(write_submission(notebook(*cells), "nb.ipynb"))
    assert report.score == 10
    assert not report.load_notes


def test_notebook_with_broken_metadata_is_still_graded(write_submission):
    path = write_submission(notebook(GOOD_SOFTMAX, broken_metadata=True), "nb.ipynb")
    assert grade(path).score == 10


def test_plotting_works_headless(write_submission):
    plot = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.title('x')\nplt.show()"
    report = grade(write_submission(notebook(plot, GOOD_SOFTMAX), "nb.ipynb"))
    assert report.score == 10
    assert not report.load_notes


def test_missing_function_costs_only_its_own_points(write_submission):
    report = grade_path(write_submission(GOOD_SOFTMAX),
                        functions=["softmax", "sinusoidal_positional_encoding"], lang="en")
    scores = report.function_scores()
    assert scores["softmax"] == 10 and scores["sinusoidal_positional_encoding"] == 0
    missing = [t for t in report.tests if t.function == "sinusoidal_positional_encoding"]
    assert all("is not defined" in t.output for t in missing)


def test_wrong_signature_is_explained(write_submission):
    source = GOOD_SOFTMAX.replace("def softmax(x, axis=-1, temperature=1.0):",
                                  "def softmax(x, dim=-1, temperature=1.0):").replace(
        "axis=axis", "axis=dim")
    report = grade(write_submission(source))
    assert report.score < 10
    outputs = " ".join(t.output for t in report.tests)
    assert "softmax(x, dim=-1, temperature=1.0)" in outputs
    assert "softmax(x, axis=-1, temperature=1.0)" in outputs


def test_test_cells_of_nbgrader_are_not_run_as_student_code(write_submission):
    nb = json.loads(notebook(GOOD_SOFTMAX, "raise SystemExit('instructor cell')"))
    nb["cells"][1]["metadata"] = {"nbgrader": {"grade": True, "solution": False, "points": 1,
                                               "grade_id": "t", "locked": True,
                                               "schema_version": 3}}
    report = grade(write_submission(json.dumps(nb), "nb.ipynb"))
    assert report.score == 10 and not report.load_notes


def test_function_returning_the_wrong_type_is_explained(write_submission):
    report = grade(write_submission("def softmax(x, axis=-1, temperature=1.0):\n    return 'hi'"))
    assert report.score == 0
    assert any("Expected a NumPy array" in t.output for t in report.tests)


def test_failure_points_to_a_failing_function_it_builds_on(write_submission):
    source = GOOD_SOFTMAX.replace("z - z.max(axis=axis, keepdims=True)", "z") + '''

def scaled_dot_product_attention(q, k, v, mask=None):
    scores = np.asarray(q, float) @ np.swapaxes(np.asarray(k, float), -1, -2)
    weights = softmax(scores / np.sqrt(np.shape(q)[-1]))
    return weights @ v, weights
'''
    report = grade_path(write_submission(source), lang="en",
                        functions=["softmax", "scaled_dot_product_attention"])
    failed = [t for t in report.tests
              if t.function == "scaled_dot_product_attention" and t.status != "passed"]
    assert failed
    assert all("builds on `softmax`" in t.output for t in failed)


def test_when_the_cell_that_defines_a_function_raises_first_then_the_feedback_says_so(
    write_submission,
):
    cells = ("import numpy as np", "import missing_module_xyz\n" + GOOD_SOFTMAX)
    nb = json.loads(notebook(*cells))
    nb["cells"][1]["execution_count"] = 12  # it ran in the learner's kernel as In[12]
    path = write_submission(json.dumps(nb), "nb.ipynb")
    report = grade(path)
    assert report.score == 0
    for test in report.tests:
        assert "`softmax` is not defined because <Cell In[12]>, which defines it, did not run"\
            in test.output, test.output
        assert "ModuleNotFoundError" in test.output and "check its name" not in test.output
