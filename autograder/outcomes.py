"""Turning the hidden suite's outcomes into graded, explained results.

Each hidden test module declares the function it grades with
``pytestmark = pytest.mark.grades("softmax")`` and takes the ``student``
fixture, whose attributes call the student's functions in the sandbox. A test
function and all its parametrised cases form one graded check; the first
failing case decides its feedback.

How points are earned (the README says the same to students):

- A *value check* compares the answer with the correct one on its own part of
  the input space (2-D input, batched input, with a mask, float32 input...).
- A *gated check* (``pytest.mark.requires("test_x")``) tests what a correct
  function must also do, such as raising ``ValueError`` for an invalid
  argument; it earns its points only when the value checks it names pass too.
- A *diagnosis* (``pytest.mark.diagnosis``) tests a property that a wrong
  answer may also have (weights sum to one, a boolean dtype, sin² + cos² = 1);
  it is worth no points and is there to name the mistake.

A function's points (``course.yaml``) are shared equally among its value and
gated checks. So an answer that has the right form but ignores the meaning of
its inputs earns nothing, and a wrong function still earns the share of each
part of the input space it gets right.

What the feedback discloses: the first failing check of a function says why it
fails. A later failing check shows its own feedback only when that feedback
names a known mistake and quotes no values (``speaks_for_itself``), or repeats
a text already shown ("not started yet"); otherwise it refers to the first, so
that at most one check per function quotes values of the hidden inputs. Text
the student controls (exception messages, code locations) is capped at
:data:`~autograder.feedback.STUDENT_TEXT_LIMIT` characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from autograder.feedback import Feedback, cap, has, message
from autograder.report import Status, TestResult
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
    failure_kind: Status | Literal[""] = ""  # "failed", "error", "timeout"
    diagnosis: bool = False
    requires: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Every case ran and passed (the check's own verdict, before any gate)."""
        return self.failure is None and self.cases > 0


@dataclass
class Recorder:
    """Collects per-check outcomes while the suite runs against one submission."""

    lang: str
    signatures: dict[str, str] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], CheckOutcome] = field(default_factory=dict)
    # function -> (cell label, error type, error message) of the cell that should have
    # defined it but failed to run: the real reason a function is missing
    missing_causes: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def run(self, cases, student) -> None:
        """Run every case against ``student``, recording the first failure of each check."""
        for case in cases:
            record = self.outcomes.setdefault(
                (case.function, case.test),
                CheckOutcome(case.function, case.test, diagnosis=case.diagnosis,
                             requires=case.requires),
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
        """One :class:`TestResult` per check, in the suite's order (see the module's docstring)."""
        lang = self.lang
        scoring = Counter(fn for (fn, _), record in self.outcomes.items() if not record.diagnosis)
        first_failure: dict[str, str] = {}  # function -> title of its first failing check
        shown: set[tuple[str, str]] = set()  # (function, output) already shown
        results = []
        for (function, test), record in self.outcomes.items():
            share = 0.0 if record.diagnosis else points_of(function) / scoring[function]
            title = check_title(function, test, lang)
            waiting = [name for name in record.requires if not self._passed(function, name)]
            status: Status
            if record.passed and not waiting:
                status, score, output, key = "passed", share, "", ""
            elif record.passed:  # right on its own inputs, but the values it waits for are wrong
                status, score, key = "failed", 0.0, HELD_BACK_KEY
                output = message(HELD_BACK_KEY, lang, checks=", ".join(
                    f"“{check_title(function, name, lang)}”" for name in waiting))
            else:
                status, score = record.failure_kind or "error", 0.0
                key = self.feedback_key(function, record.failure)
                output = self.explain(function, record.failure)
                if function in first_failure and not (
                    speaks_for_itself(key) or (function, output) in shown
                ):
                    output = message(SEE_FIRST_KEY, lang, check=f"“{first_failure[function]}”")
                first_failure.setdefault(function, title)
                shown.add((function, output))
            results.append(TestResult(
                name=f"{function}.{test.removeprefix('test_')}", function=function,
                score=score, max_score=share, status=status, output=output, title=title,
                feedback_key=key,
            ))
        return results

    def _passed(self, function: str, test: str) -> bool:
        record = self.outcomes.get((function, test))
        return record is not None and record.passed

    def feedback_key(self, function: str, failure: BaseException | None) -> str:
        """The message key of a failed check (for verdicts and class statistics)."""
        if isinstance(failure, FunctionMissing) and function in self.missing_causes:
            return "error.missing_load_failed"
        if isinstance(failure, FunctionRaised) and failure.is_not_implemented and (
            raised_in(failure) not in ("", function)
        ):
            return "error.not_started_foundation"
        return feedback_key(failure)

    def explain(self, function: str, failure: BaseException | None) -> str:
        """The student-facing text for a failed check."""
        lang = self.lang
        if isinstance(failure, Feedback):
            return failure.text(lang)
        if isinstance(failure, FunctionRaised):
            if failure.is_not_implemented:
                foundation = raised_in(failure)
                if foundation not in ("", function):
                    return message("error.not_started_foundation", lang, function=function,
                                   foundation=cap(foundation, lang))
                return message("error.not_started", lang, function=function)
            if failure.forbidden_module:
                return message("error.forbidden_import", lang, function=function,
                               module=failure.forbidden_module)
            if failure.type_name == "TypeError" and not failure.traceback.strip():
                # raised by the call itself, before any of the student's lines ran
                return message(
                    "error.wrong_signature", lang, function=function,
                    error_message=cap(failure.message, lang),
                    signature=cap(self.signatures.get(function, "(?)"), lang),
                    expected=EXPECTED_SIGNATURES.get(function, function),
                )
            text = message("error.raised", lang, function=function,
                           error_type=cap(failure.type_name, lang),
                           error_message=cap(failure.message, lang))
            undefined = NAME_ERROR.search(failure.message) if failure.type_name == "NameError" \
                else None
            if undefined:
                text += "\n" + message("error.name_not_defined", lang, function=function,
                                        name=cap(undefined.group(1), lang))
            if failure.traceback.strip():
                text += "\n" + message("error.raised_where", lang,
                                        traceback=cap(failure.traceback, lang, keep="tail"))
            return text
        if isinstance(failure, FunctionMissing):
            if function in self.missing_causes:
                label, error_type, error_message = self.missing_causes[function]
                return message("error.missing_load_failed", lang, function=function,
                               label=label, error_type=cap(error_type, lang),
                               error_message=cap(error_message, lang))
            return message("error.missing", lang, function=function)
        if isinstance(failure, FunctionTimedOut):
            text = message("error.timeout", lang, function=function,
                           seconds=f"{failure.seconds:g}")
            if failure.where:
                text += " " + message("error.timeout_where", lang,
                                      where=cap(location(failure.where, lang), lang))
            return text
        if isinstance(failure, FunctionCrashed):
            return message("error.crashed", lang, function=function,
                           detail=cap(failure.detail, lang))
        if isinstance(failure, BadReturnValue):
            return message("error.bad_return", lang, function=function,
                           detail=cap(failure.detail, lang))
        if isinstance(failure, UnusableSubmission):
            return message("error.unusable", lang, reason=failure.reason(lang))
        if isinstance(failure, AssertionError):
            return message("check.generic", lang)
        return message("error.internal", lang)


class UnusableSubmission(StudentError):
    """The submission could not be run at all (empty, not a notebook, no code...)."""

    feedback_key = "error.UnusableSubmission"

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def reason(self, lang: str) -> str:
        return message(f"problem.{self.key}", lang, **self.params)


class UnusableProgram:
    """Stands in for a program that could not be loaded: every call says why (a
    :class:`autograder.program.Program`)."""

    layers: tuple[str, ...] = ()
    sandboxed = False
    load_outcomes: tuple = ()

    def __init__(self, error: UnusableSubmission) -> None:
        self.error = error

    def call(self, *args, **kwargs):
        raise self.error

    def defined_functions(self, names: list[str]) -> dict[str, str]:
        return {}

    def close(self) -> str:
        return ""

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
    "decoder_layer":
        "decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None)",
    "greedy_decode": "greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2)",
}


# "name 'np' is not defined", as Python says it.
NAME_ERROR = re.compile(r"name '([^']{1,80})' is not defined")
# The innermost frame of a traceback as the sandbox and the kernel format it.
FRAME_FUNCTION = re.compile(r'File "[^"]*", line \d+, in (\S+)')


# Where a stopped call was running, as the sandbox and the forked kernel report it.
WHERE = re.compile(r"^line (\d+) of <?(.+?)>?, in (\S+)$")


def location(where: str, lang: str) -> str:
    """``line 4 of <Cell In[5]>, in f`` in the student's language (as is if not that form)."""
    found = WHERE.match(where)
    if not found:
        return where
    line, cell, function = found.groups()
    return message("error.location", lang, line=line, cell=cell, function=function)


def raised_in(failure: FunctionRaised) -> str:
    """The function of the student's code in which ``failure`` was raised ("" if unknown)."""
    frames = FRAME_FUNCTION.findall(failure.traceback)
    return frames[-1] if frames else ""


SEE_FIRST_KEY = "check.see_first"
HELD_BACK_KEY = "check.held_back"
# Feedback that names a known cause and quotes no values: shown on every check it fails.
NAMING_PREFIXES = ("mistake.", "public.")
NAMING_KEYS = frozenset({
    "check.modified_input", "check.no_value_error", "check.wrong_exception", "check.not_float",
    "check.not_bool", "check.not_finite",
})


def speaks_for_itself(key: str) -> bool:
    """Whether a later failing check with this feedback key may show its own feedback.

    (A later failure whose text was shown already, such as "not started yet" or a
    time-out of a function that is no longer called, is shown again too: it tells nothing new.)
    """
    return key.startswith(NAMING_PREFIXES) or key in NAMING_KEYS


def classify(failure: BaseException) -> Status:
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
        return failure.feedback_key
    return "error.internal"


def check_title(function: str, test: str, lang: str) -> str:
    key = f"test.{function}.{test.removeprefix('test_')}"
    return message(key, lang) if has(key) else test.removeprefix("test_").replace("_", " ")
