"""check("softmax") in the learner's kernel: same checks, friendly lines, never raises."""

from __future__ import annotations

import time

import numpy as np
import pytest
from msgspec.structs import replace

import solutions
from autograder.config import course
from autograder.selfcheck import check, run_check
from autograder.selfstudy.in_process import InProcessProgram
from autograder.student import BadReturnValue, FunctionMissing, FunctionRaised, FunctionTimedOut


def quick_course(seconds: float):
    config = course()
    return replace(config, sandbox=replace(config.sandbox, call_timeout_seconds=seconds))


def test_when_function_is_correct_then_the_result_is_done_with_every_check_passed():
    result = run_check("softmax", {"softmax": solutions.softmax}, "en")
    assert result.state == "done"
    assert result.passed == len(result.checks) >= 2


def test_when_function_raises_not_implemented_then_it_is_not_started_not_wrong():
    def softmax(x, axis=-1, temperature=1.0):
        raise NotImplementedError()

    result = run_check("softmax", {"softmax": softmax}, "en")
    assert result.state == "not_started"


def test_when_function_is_not_defined_then_it_is_missing():
    assert run_check("softmax", {}, "en").state == "missing"


def test_when_function_hangs_then_its_checks_fail_with_a_time_out_within_the_limit():
    def causal_mask(seq_len):
        while True:
            pass

    started = time.monotonic()
    result = run_check("causal_mask", {"causal_mask": causal_mask}, "en",
                       config=quick_course(0.5))
    assert time.monotonic() - started < 5  # one time-out, then the function counts as broken
    assert result.state == "wrong"
    assert "did not finish within 0.5 s" in result.failures[0].output


def test_when_function_modifies_its_input_then_the_checks_data_is_not_changed():
    def layer_norm(x, gamma, beta, eps=1e-5):
        x -= x.mean(axis=-1, keepdims=True)  # in place, on the learner's copy only
        gamma *= 0
        return solutions.layer_norm(x, gamma + 1, beta, eps)

    result = run_check("layer_norm", {"layer_norm": layer_norm}, "en")
    # the wire gives the learner fresh arrays, so later checks see their own data
    assert all(t.feedback_key != "error.internal" for t in result.checks)


def test_when_check_prints_then_the_first_line_starts_with_its_status_mark(capsys):
    namespace = {"softmax": solutions.softmax}
    exec("check('softmax', lang='tr')", {"check": check, **namespace})
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("✅ softmax: 4 açık kontrolün hepsi geçti")


def test_when_function_is_wrong_then_each_check_gets_a_line_and_feedback(capsys):
    def softmax(x, axis=-1, temperature=1.0):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)  # temperature ignored

    exec("check('softmax', lang='en')", {"check": check, "softmax": softmax})
    out = capsys.readouterr().out
    assert out.startswith("❌ softmax: 3 of 4 public checks passed.")
    assert "  ✓ softmax(log [1, 2, 3, 4]) is [0.1, 0.2, 0.3, 0.4]" in out
    assert "  ✗ temperature 2 undoes doubled scores" in out
    assert "ignores the temperature" in out


@pytest.mark.parametrize(("name", "namespace", "expected"), [
    ("softmax", {}, "❓ softmax is not defined yet"),
    ("not_a_function", {}, "❓ not_a_function is not a graded function"),
    ("softmax", {"softmax": lambda *a, **k: object()}, "❌ softmax: 0 of 4"),
    ("softmax", {"softmax": lambda *a, **k: (_ for _ in ()).throw(SystemExit(1))}, "❌"),
    ("softmax", {"softmax": "not callable"}, "❓ softmax is not defined yet"),
])
def test_when_anything_goes_wrong_then_check_prints_one_line_and_never_raises(
    capsys, name, namespace, expected
):
    exec(f"check({name!r}, lang='en')", {"check": check, **namespace})
    assert capsys.readouterr().out.startswith(expected)


def test_when_the_checker_itself_fails_then_check_says_so_without_raising(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("autograder.selfstudy.selfcheck.run_check", broken)
    check("softmax", lang="en")
    assert capsys.readouterr().out.startswith("⚠️ softmax: the checker itself failed")


class TestInProcessProgram:
    def test_when_called_readonly_then_the_function_gets_read_only_arrays(self):
        def touch(x):
            x[0] = 1.0
            return x

        program = InProcessProgram({"touch": touch})
        with pytest.raises(FunctionRaised) as raised:
            program.call("touch", (np.zeros(3),), {}, readonly=True)
        assert raised.value.type_name == "ValueError"

    def test_when_return_inputs_then_the_arguments_after_the_call_come_back(self):
        def double_in_place(x):
            x *= 2
            return x.sum()

        original = np.ones(3)
        returned = InProcessProgram({"f": double_in_place}).call("f", (original,), {},
                                                                  return_inputs=True)
        assert returned.value == 6.0
        assert np.array_equal(returned.args[0], [2.0, 2.0, 2.0])
        assert np.array_equal(original, [1.0, 1.0, 1.0])  # the caller's array is untouched

    def test_when_result_is_not_plain_data_then_bad_return_value(self):
        with pytest.raises(BadReturnValue):
            InProcessProgram({"f": lambda: object()}).f()

    def test_when_name_is_not_defined_then_function_missing(self):
        with pytest.raises(FunctionMissing):
            InProcessProgram({}).f()

    def test_when_a_call_timed_out_then_later_calls_fail_at_once(self):
        def slow():
            while True:
                pass

        program = InProcessProgram({"slow": slow}, call_timeout_seconds=0.3)
        with pytest.raises(FunctionTimedOut):
            program.slow()
        started = time.monotonic()
        with pytest.raises(FunctionTimedOut):
            program.slow()
        assert time.monotonic() - started < 0.1

    def test_when_learner_code_catches_exception_then_the_time_out_still_stops_it(self):
        def stubborn():
            while True:
                try:
                    while True:
                        pass
                except Exception:
                    continue

        with pytest.raises(FunctionTimedOut):
            InProcessProgram({"stubborn": stubborn}, call_timeout_seconds=0.3).stubborn()


def test_when_fork_is_not_available_then_checks_run_in_the_kernel_with_an_alarm(monkeypatch):
    monkeypatch.setattr("autograder.selfstudy.forked.supported", lambda: False)
    result = run_check("softmax", {"softmax": solutions.softmax}, "en")
    assert result.state == "done"
