"""Running the cases against one submission and scoring its checks (:mod:`autograder.outcomes`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from autograder.feedback import message
from autograder.outcomes.disclosure import HELD_BACK_KEY, SEE_FIRST_KEY, speaks_for_itself
from autograder.outcomes.explanations import check_title, classify, explain, failure_key
from autograder.report import Status, TestResult


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
    """Collects per-check outcomes while the suite runs against one submission.

    ``expected_signatures`` (function -> ``"softmax(x, axis=-1, temperature=1.0)"``) is
    data passed in (:class:`autograder.outcomes.signatures.ExpectedSignatures`): the
    recorder never imports the reference solutions itself.
    """

    lang: str
    expected_signatures: Mapping[str, str] = field(default_factory=dict)
    # function -> signature of the student's function, e.g. "(x, dim=-1)"
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

    def results(self, points_of: Callable[[str], float]) -> list[TestResult]:
        """One :class:`TestResult` per check, in the suite's order (see the package's docstring)."""
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
        return failure_key(function, failure, self.missing_causes)

    def explain(self, function: str, failure: BaseException | None) -> str:
        """The student-facing text for a failed check."""
        return explain(function, failure, self.lang, missing_causes=self.missing_causes,
                       signatures=self.signatures, expected=self.expected_signatures)
