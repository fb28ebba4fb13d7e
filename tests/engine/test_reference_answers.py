"""The hidden tests' reference answers, remembered: the same values as computing them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import solutions
from autograder.hidden import reference
from autograder.hidden.reference import Answers, Reference, digest_of
from autograder.paths import REPO_ROOT


def test_a_remembered_answer_is_the_reference_answer_and_each_caller_gets_a_copy():
    ref = Reference(Answers(kept=False))
    x = np.arange(12.0).reshape(3, 4)
    first = ref.softmax(x, axis=0, temperature=2.0)
    np.testing.assert_array_equal(first, solutions.softmax(x, axis=0, temperature=2.0))
    first[:] = 0  # a test that changes its answer changes nobody else's
    np.testing.assert_array_equal(ref.softmax(x, axis=0, temperature=2.0),
                                  solutions.softmax(x, axis=0, temperature=2.0))


@pytest.mark.parametrize(("a", "b"), [
    ((np.zeros(3),), (np.zeros(3, dtype=np.float32),)),
    ((np.zeros(4),), (np.zeros((2, 2)),)),
    ((np.zeros(3),), (np.array([0.0, 0.0, 1e-300]),)),
    ((np.int64(1),), (np.array(1),)),
    ((1,), (1.0,)),
    ((1,), (True,)),
    (((1, 2),), ([1, 2],)),
    (({"a": 1},), ({"b": 1},)),
])
def test_arguments_that_differ_in_type_dtype_shape_or_value_have_different_digests(a, b):
    assert digest_of(a, {}) != digest_of(b, {})
    assert digest_of(a, {}) == digest_of(tuple(np.copy(v) if isinstance(v, np.ndarray) else v
                                               for v in a), {})


def test_an_exception_is_not_remembered_and_odd_arguments_pass_through():
    calls = []

    def flaky(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first time")
        return x * 2

    answers = Answers(kept=False)
    with pytest.raises(ValueError):
        answers.call("flaky", flaky, (3,), {})
    assert answers.call("flaky", flaky, (3,), {}) == 6
    assert answers.call("flaky", flaky, (3,), {}) == 6 and len(calls) == 2
    odd = object()
    assert answers.call("flaky", lambda o: o, (odd,), {}) is odd  # not plain data: uncached


def test_a_new_process_grades_with_the_answers_an_earlier_one_kept(tmp_path):
    env = {**os.environ, "AUTOGRADER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "autograder", "grade", "--json",
               str(REPO_ROOT / "samples" / "submissions" / "elif_complete.py")]
    reports = []
    for _ in range(2):
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        reports.append(json.loads(done.stdout))
    assert list((tmp_path / "cache").glob("reference-answers-*.pickle"))
    strip = [{k: v for k, v in r.items() if k != "duration_seconds"} for r in reports]
    assert strip[0] == strip[1] and reports[0]["score"] == reports[0]["max_score"]


def test_the_hidden_tests_call_the_reference_only_through_the_remembered_answers():
    for path in sorted(reference.Path(reference.__file__).parent.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        assert "import solutions" not in text, f"{path.name} calls the solutions directly"


def test_the_remembered_answers_are_read_while_a_submission_loads_not_at_the_first_check(
        monkeypatch):
    from autograder.paths import HIDDEN_TESTS_DIR
    from autograder.suite import collect, warm_up

    answers = Answers(kept=False)
    monkeypatch.setattr(reference, "ANSWERS", answers)
    reads = []
    monkeypatch.setattr(answers, "load", lambda: reads.append("load"))
    warm_up(())
    assert reads == []  # nothing to check, nothing to read
    warm_up(collect(HIDDEN_TESTS_DIR))
    assert reads == ["load"]
