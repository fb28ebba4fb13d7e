"""How points are earned: value checks share them, gated checks wait, diagnoses earn none."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import solutions
from autograder.engine import grade_path
from autograder.feedback import message
from autograder.selfcheck import run_check
from autograder.suite import SuiteError, collect

INI = """[pytest]
markers =
    grades(function): the graded function a test module checks
    diagnosis: a check worth no points
    requires(*checks): value checks this check's points wait for
"""

SUITE = '''
import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, expect_value_error
from autograder.feedback import Feedback

pytestmark = pytest.mark.grades("softmax")
X = np.array([0.0, np.log(3.0)])


def test_values(student):
    check_close(student.softmax(X), [0.25, 0.75])


@pytest.mark.diagnosis
def test_sums_to_one(student):
    if not np.isclose(as_result_array(student.softmax(X)).sum(), 1.0):
        raise Feedback("mistake.softmax.not_normalised", axis=-1)


@pytest.mark.requires("test_values")
def test_rejects_zero_temperature(student):
    expect_value_error(lambda: student.softmax(X, temperature=0.0), "temperature=0")
'''


@pytest.fixture
def suite(tmp_path):
    """A three-check suite for softmax: a value check, a diagnosis, a gated check."""

    def make(source: str = SUITE):
        (tmp_path / "pytest.ini").write_text(INI, encoding="utf-8")
        # a module name of its own: pytest imports each suite's file under its basename
        (tmp_path / f"test_{tmp_path.name}.py").write_text(textwrap.dedent(source),
                                                           encoding="utf-8")
        return tmp_path

    return make


def uniform(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    x = np.asarray(x, dtype=float)
    return np.ones_like(x) / x.shape[axis]


def no_validation(x, axis=-1, temperature=1.0):
    return solutions.softmax(x, axis=axis)


def scores(function, tests_dir) -> dict[str, tuple[float, float, str]]:
    result = run_check("softmax", {"softmax": function}, "en", tests_dir=tests_dir)
    return {t.name.split(".")[1]: (round(t.score, 6), round(t.max_score, 6), t.status)
            for t in result.checks}


def test_when_every_check_passes_then_value_and_gated_checks_share_the_points(suite):
    assert scores(solutions.softmax, suite()) == {
        "values": (5.0, 5.0, "passed"),
        "sums_to_one": (0.0, 0.0, "passed"),
        "rejects_zero_temperature": (5.0, 5.0, "passed"),
    }


def test_when_only_the_form_is_right_then_no_check_earns_anything(suite):
    # Uniform weights sum to one and the ValueError is right: neither is worth a point alone.
    assert scores(uniform, suite()) == {
        "values": (0.0, 5.0, "failed"),
        "sums_to_one": (0.0, 0.0, "passed"),
        "rejects_zero_temperature": (0.0, 5.0, "failed"),
    }


def test_when_a_gated_check_passes_but_its_values_do_not_then_it_says_so(suite):
    result = run_check("softmax", {"softmax": uniform}, "en", tests_dir=suite())
    held = next(t for t in result.checks if t.name.endswith("rejects_zero_temperature"))
    assert held.feedback_key == "check.held_back"
    assert "points count only once “values” passes too" in held.output


def test_when_the_values_are_right_then_a_missing_check_costs_only_its_share(suite):
    assert scores(no_validation, suite())["rejects_zero_temperature"] == (0.0, 5.0, "failed")
    assert scores(no_validation, suite())["values"] == (5.0, 5.0, "passed")


@pytest.mark.parametrize(("marks", "problem"), [
    ('@pytest.mark.requires("test_nothing")', "not a check of softmax"),
    ('@pytest.mark.requires("test_sums_to_one")', "not a value check"),
    ('@pytest.mark.diagnosis\n@pytest.mark.requires("test_values")', "cannot require"),
])
def test_when_a_gate_is_inconsistent_then_the_suite_does_not_collect(suite, marks, problem):
    source = SUITE.replace('@pytest.mark.requires("test_values")', marks)
    with pytest.raises(SuiteError, match=problem):
        collect(suite(source))


def test_when_the_hidden_suite_grades_a_no_effort_answer_then_gated_checks_are_held_back(
    write_submission,
):
    source = ("import numpy as np\n\n\ndef softmax(x, axis=-1, temperature=1.0):\n"
              "    if temperature <= 0:\n        raise ValueError('no')\n"
              "    return np.ones(np.shape(x)) / np.shape(x)[axis]\n")
    report = grade_path(write_submission(source), functions=["softmax"], lang="tr")
    assert report.score == 0
    by_name = {t.name: t for t in report.tests}
    gated = by_name["softmax.invalid_temperature_raises_value_error"]
    assert (gated.status, gated.feedback_key) == ("failed", "check.held_back")
    assert "son eksen boyunca softmax(x) ile aynı" in gated.output  # the value check it waits for
    diagnosis = by_name["softmax.weights_sum_to_one"]
    assert (diagnosis.status, diagnosis.max_score) == ("passed", 0.0)
    assert sum(t.max_score for t in report.tests) == pytest.approx(10.0)


def test_when_a_check_names_a_text_the_catalog_lacks_then_the_report_stands_with_a_generic_text(
        suite):
    source = SUITE.replace('"mistake.softmax.not_normalised", axis=-1',
                           '"mistake.softmax.no_such_text"')
    result = run_check("softmax", {"softmax": lambda x, axis=-1, temperature=1.0: x},
                       "tr", tests_dir=suite(source))
    diagnosis = next(t for t in result.checks if t.name.endswith("sums_to_one"))
    assert diagnosis.status == "failed" and diagnosis.feedback_key == "mistake.softmax.no_such_text"
    assert diagnosis.output == message("check.generic", "tr")
    assert [t.score for t in result.checks] == [0.0, 0.0, 0.0]
