"""Per-function summaries of a grading report: done, wrong, or not started."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from autograder.report import GradingReport, TestResult

State = Literal["done", "wrong", "not_started", "missing", "no_checks"]
# Feedback keys of a function that is not written yet: its own stub, or a stub it calls.
NOT_STARTED_KEYS = frozenset({"error.not_started", "error.not_started_foundation"})
MISSING_KEYS = frozenset({"error.FunctionMissing", "error.missing_load_failed"})


@dataclass
class FunctionVerdict:
    """How one function did on the checks that ran."""

    function: str
    state: State
    checks: list[TestResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # hints and causes shown after the checks

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

    "not started" means every failure says the function, or a function it calls, still
    raises ``NotImplementedError``: distinct from a wrong answer. "missing" means it is
    not defined (when a cell that defines it failed to run, the feedback says so).
    """
    failures = [t for t in checks if t.status != "passed"]
    if not checks:
        state: State = "no_checks"
    elif not failures:
        state = "done"
    elif all(t.feedback_key in NOT_STARTED_KEYS for t in failures):
        state = "not_started"
    elif all(t.feedback_key in MISSING_KEYS for t in failures):
        state = "missing"
    else:
        state = "wrong"
    return FunctionVerdict(function, state, list(checks))


def verdicts(report: GradingReport, functions: list[str]) -> dict[str, FunctionVerdict]:
    """One verdict per function in ``functions`` (in that order)."""
    return {
        name: verdict(name, [t for t in report.tests if t.function == name]) for name in functions
    }


def states_of(tests: list[TestResult]) -> dict[str, State]:
    """The verdict state of every function that has results in ``tests``."""
    by_function: dict[str, list[TestResult]] = {}
    for test in tests:
        by_function.setdefault(test.function, []).append(test)
    return {name: verdict(name, checks).state for name, checks in by_function.items()}
