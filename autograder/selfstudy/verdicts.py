"""Per-function summaries of a grading report: done, wrong, or not started."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from autograder.report import GradingReport, TestResult

State = Literal["done", "wrong", "not_started", "missing", "no_checks"]
NOT_STARTED_KEY = "error.not_started"
MISSING_KEY = "error.FunctionMissing"


@dataclass
class FunctionVerdict:
    """How one function did on the checks that ran."""

    function: str
    state: State
    checks: list[TestResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(t.status == "passed" for t in self.checks)

    @property
    def failures(self) -> list[TestResult]:
        return [t for t in self.checks if t.status != "passed"]

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.checks), 4)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.checks), 4)


def verdict(function: str, checks: list[TestResult]) -> FunctionVerdict:
    """Summarise ``checks`` (all of one function).

    "not started" means every failure says the function still raises
    ``NotImplementedError``: distinct from a wrong answer.
    """
    failures = [t for t in checks if t.status != "passed"]
    if not checks:
        state: State = "no_checks"
    elif not failures:
        state = "done"
    elif all(t.feedback_key == NOT_STARTED_KEY for t in failures):
        state = "not_started"
    elif all(t.feedback_key == MISSING_KEY for t in failures):
        state = "missing"
    else:
        state = "wrong"
    return FunctionVerdict(function, state, list(checks))


def verdicts(report: GradingReport, functions: list[str]) -> dict[str, FunctionVerdict]:
    """One verdict per function in ``functions`` (in that order)."""
    return {
        name: verdict(name, [t for t in report.tests if t.function == name]) for name in functions
    }
