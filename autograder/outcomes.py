"""Turning the hidden suite's outcomes into graded, explained results.

Each hidden test module declares the function it grades with
``pytestmark = pytest.mark.grades("softmax")`` and takes the ``student``
fixture, whose attributes call the student's functions in the sandbox. A test
function and all its parametrised cases form one graded check; it earns its
share of the function's points (from ``course.yaml``) only when every case
passes. The first failing case decides the feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.feedback import Feedback, has, message
from autograder.report import TestResult
from autograder.student import (
    BadReturnValue,
    FunctionCrashed,
    FunctionMissing,
    FunctionRaised,
    FunctionTimedOut,
    StudentError,
)


@dataclass
class CheckOutcome:
    function: str
    test: str
    cases: int = 0
    failure: BaseException | None = None
    failure_kind: str = ""  # "failed", "error", "timeout"


@dataclass
class Recorder:
    """Collects per-check outcomes while the suite runs against one submission."""

    lang: str
    signatures: dict[str, str] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], CheckOutcome] = field(default_factory=dict)

    def run(self, cases, student) -> None:
        """Run every case against ``student``, recording the first failure of each check."""
        for case in cases:
            record = self.outcomes.setdefault(
                (case.function, case.test), CheckOutcome(case.function, case.test)
            )
            if record.failure is not None:
                continue  # the check has failed already: its other cases cannot change that
            record.cases += 1
            try:
                case.run(student, self.lang)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as failure:  # also pytest.fail/skip: the case failed
                record.failure = failure
                record.failure_kind = classify(failure)

    def results(self, points_of) -> list[TestResult]:
        """One :class:`TestResult` per check, with points shared within each function."""
        per_function: dict[str, int] = {}
        for function, _ in self.outcomes:
            per_function[function] = per_function.get(function, 0) + 1
        results = []
        for (function, test), record in self.outcomes.items():
            share = points_of(function) / per_function[function]
            passed = record.failure is None and record.cases > 0
            results.append(
                TestResult(
                    name=f"{function}.{test.removeprefix('test_')}",
                    function=function,
                    score=share if passed else 0.0,
                    max_score=share,
                    status="passed" if passed else (record.failure_kind or "error"),
                    output="" if passed else self.explain(function, record.failure),
                    title=check_title(function, test, self.lang),
                    feedback_key="" if passed else feedback_key(record.failure),
                )
            )
        return results

    def explain(self, function: str, failure: BaseException | None) -> str:
        """The student-facing text for a failed check."""
        lang = self.lang
        if isinstance(failure, Feedback):
            return failure.text(lang)
        if isinstance(failure, FunctionRaised):
            if failure.is_not_implemented:
                return message("error.not_started", lang, function=function)
            if failure.forbidden_module:
                return message("error.forbidden_import", lang, function=function,
                               module=failure.forbidden_module)
            if failure.type_name == "TypeError" and not failure.traceback.strip():
                # raised by the call itself, before any of the student's lines ran
                return message(
                    "error.wrong_signature", lang, function=function,
                    error_message=failure.message,
                    signature=self.signatures.get(function, "(?)"),
                    expected=EXPECTED_SIGNATURES.get(function, function),
                )
            text = message("error.raised", lang, function=function,
                           error_type=failure.type_name, error_message=failure.message)
            if failure.traceback.strip():
                text += "\n" + message("error.raised_where", lang, traceback=failure.traceback)
            return text
        if isinstance(failure, FunctionMissing):
            return message("error.missing", lang, function=function)
        if isinstance(failure, FunctionTimedOut):
            text = message("error.timeout", lang, function=function,
                           seconds=f"{failure.seconds:g}")
            if failure.where:
                text += " " + message("error.timeout_where", lang, where=failure.where)
            return text
        if isinstance(failure, FunctionCrashed):
            return message("error.crashed", lang, function=function, detail=failure.detail)
        if isinstance(failure, BadReturnValue):
            return message("error.bad_return", lang, function=function, detail=failure.detail)
        if isinstance(failure, UnusableSubmission):
            return message("error.unusable", lang, reason=failure.reason(lang))
        if isinstance(failure, AssertionError):
            return message("check.generic", lang)
        return message("error.internal", lang)


class UnusableSubmission(StudentError):
    """The submission could not be run at all (empty, not a notebook, no code...)."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def reason(self, lang: str) -> str:
        return message(f"problem.{self.key}", lang, **self.params)


class UnusableProgram:
    """Stands in for a program that could not be loaded: every call says why."""

    layers: tuple[str, ...] = ()

    def __init__(self, error: UnusableSubmission) -> None:
        self.error = error

    def call(self, *args, **kwargs):
        raise self.error

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.call


# The contract's signatures, quoted in feedback when a call does not fit.
EXPECTED_SIGNATURES = {
    "softmax": "softmax(x, axis=-1, temperature=1.0)",
    "scaled_dot_product_attention": "scaled_dot_product_attention(q, k, v, mask=None)",
    "causal_mask": "causal_mask(seq_len)",
    "padding_mask": "padding_mask(lengths, max_len)",
    "split_heads": "split_heads(x, num_heads)",
    "merge_heads": "merge_heads(x)",
    "multi_head_attention":
        "multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None)",
    "sinusoidal_positional_encoding":
        "sinusoidal_positional_encoding(seq_len, d_model, base=10000.0)",
    "layer_norm": "layer_norm(x, gamma, beta, eps=1e-5)",
    "encoder_layer": "encoder_layer(x, params, num_heads, mask=None)",
    "rnn_encoder": "rnn_encoder(x, W_xh, W_hh, b_h, h0=None)",
    "additive_attention": "additive_attention(s, H, W_s, W_h, v)",
}


def graded_function(item) -> str | None:
    marker = item.get_closest_marker("grades")
    return marker.args[0] if marker and marker.args else None


def classify(failure: BaseException) -> str:
    if isinstance(failure, FunctionTimedOut):
        return "timeout"
    if isinstance(failure, (Feedback, AssertionError)):
        return "failed"
    if isinstance(failure, FunctionRaised) and failure.is_not_implemented:
        return "failed"
    return "error"


def feedback_key(failure: BaseException | None) -> str:
    if isinstance(failure, Feedback):
        return failure.key
    if isinstance(failure, FunctionRaised):
        return "error.not_started" if failure.is_not_implemented else "error.raised"
    if isinstance(failure, StudentError):
        return "error." + type(failure).__name__
    return "error.internal"


def check_title(function: str, test: str, lang: str) -> str:
    key = f"test.{function}.{test.removeprefix('test_')}"
    return message(key, lang) if has(key) else test.removeprefix("test_").replace("_", " ")
