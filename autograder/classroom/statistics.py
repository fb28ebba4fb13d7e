"""Class statistics: grade distribution, per-function results, failures and who made them.

Denominators, the same everywhere (the page and the terminal state them):

- a function's mean score, its full-credit and not-started counts and the share of every
  failure of that function are over the students *graded on that function* (in a results
  folder that mixes runs, students may be graded on different functions);
- the class mean and median are over the graded students, each total taken as a
  percentage of that student's own maximum (code and quiz points, as in ``gradebook.csv``);
- students that were not graded (grader error, unreadable report) are counted and listed,
  never part of a mean or a share.

A failure row keeps the real texts the students saw (one entry per distinct text, with
its students), never a template with the details cut out.
"""

from __future__ import annotations

import statistics as stats
from dataclasses import dataclass, field

from autograder.classroom.gradebook import quiz_points
from autograder.classroom.results import ClassResults, StudentRecord
from autograder.config import course
from autograder.feedback import message
from autograder.outcomes import HELD_BACK_KEY, SEE_FIRST_KEY, speaks_for_itself
from autograder.report import TestResult

MISTAKE_PREFIX = "mistake."
# Failures where the function did not run to an answer; listed in full, whatever --top says.
# The order is the order of the report's table (the most urgent first).
DID_NOT_RUN = ("timeout", "crash", "unusable", "missing", "not_started")
KIND_OF_KEY = {
    "error.FunctionTimedOut": "timeout",
    "error.FunctionCrashed": "crash",
    "error.UnusableSubmission": "unusable",
    "error.FunctionMissing": "missing",
    "error.missing": "missing",
    "error.not_started": "not_started",
}
NOT_DONE = ("missing", "not_started")


def failure_kind(test: TestResult) -> str:
    """``"mistake"`` (a known mistake), one of :data:`DID_NOT_RUN`, or ``"other"``."""
    if test.feedback_key.startswith(MISTAKE_PREFIX):
        return "mistake"
    if test.status == "timeout":
        return "timeout"
    return KIND_OF_KEY.get(test.feedback_key, "other")


@dataclass
class FunctionStats:
    """One graded function across the class. Counts and means are over ``graded``."""

    name: str
    max_points: float
    graded: int  # students graded on this function: the denominator of this row
    mean_score: float
    full_credit: int  # students with every point of the function
    not_started: int  # students whose every check says "not started" or "missing"
    checks_passed: float  # share of this function's checks passed by those students, 0..1

    @property
    def full_credit_share(self) -> float:
        return self.full_credit / self.graded

    @property
    def not_started_share(self) -> float:
        return self.not_started / self.graded


@dataclass
class FailureText:
    """One text of a failure, exactly as the students in ``students`` saw it."""

    text: str
    students: list[str]


@dataclass
class FailureRow:
    """The students who failed a function's checks with the same feedback key."""

    function: str
    key: str
    kind: str  # see failure_kind
    graded: int  # students graded on the function: the denominator of ``share``
    texts: list[FailureText]  # every distinct text, the most common first
    checks: list[str]  # titles of the checks that failed this way, in the suite's order

    @property
    def students(self) -> list[str]:
        return sorted({s for t in self.texts for s in t.students})

    @property
    def share(self) -> float:
        return len(self.students) / self.graded


@dataclass
class FunctionCell:
    """One student's result on one function."""

    score: float
    max_score: float
    state: str  # "full", "partial", "zero" or one of DID_NOT_RUN


@dataclass
class StudentRow:
    student: str
    status: str  # "graded", "grader_error", "unreadable", ...
    error: str = ""
    cells: dict[str, FunctionCell] = field(default_factory=dict)
    code: tuple[float, float] | None = None  # (score, maximum) of the graded functions
    quiz: tuple[float, float] | None = None

    @property
    def total(self) -> tuple[float, float] | None:
        """(score, maximum): code and quiz points together, as in ``gradebook.csv``."""
        if self.code is None:
            return None
        quiz = self.quiz or (0.0, 0.0)
        return self.code[0] + quiz[0], self.code[1] + quiz[1]

    @property
    def percent(self) -> float | None:
        total = self.total
        return 100.0 * total[0] / total[1] if total and total[1] else None


@dataclass
class ClassStats:
    students: int  # every student the results folder records
    graded: int
    percents: list[float]  # each graded student's total, % of that student's own maximum
    functions: list[FunctionStats]  # in course order
    mistakes: list[FailureRow]  # known mistakes, most common first (at most ``top``)
    did_not_run: list[FailureRow]  # time-outs, crashes, missing, not started: all of them
    others: list[FailureRow]  # every other failure, most common first (at most ``top``)
    rows: list[StudentRow] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # rows beyond ``top``, per table

    @property
    def not_graded(self) -> list[str]:
        return [r.student for r in self.rows if r.status != "graded"]

    @property
    def mean(self) -> float | None:
        return stats.fmean(self.percents) if self.percents else None

    @property
    def median(self) -> float | None:
        return stats.median(self.percents) if self.percents else None

    @property
    def problems(self) -> list[FailureRow]:
        """Every failure that is not a known mistake: what did not run, then the rest."""
        return self.did_not_run + self.others


def _by_function(tests: list[TestResult]) -> dict[str, list[TestResult]]:
    grouped: dict[str, list[TestResult]] = {}
    for test in tests:
        grouped.setdefault(test.function, []).append(test)
    return grouped


def _cell(tests: list[TestResult]) -> FunctionCell:
    score = sum(t.score for t in tests)
    maximum = sum(t.max_score for t in tests)
    kinds = {failure_kind(t) for t in tests if t.status != "passed"}
    stopped = [kind for kind in DID_NOT_RUN if kind in kinds]
    if stopped:
        state = stopped[0]
    elif score >= maximum - 1e-9:
        state = "full"
    else:
        state = "partial" if score > 0 else "zero"
    return FunctionCell(score, maximum, state)


@dataclass
class _Seen:
    """What one student saw for one feedback key of one function."""

    kind: str
    text: str
    titles: list[str]


def _texts_seen(tests: list[TestResult], lang: str) -> dict[str, _Seen]:
    """For one student's checks of one function: what each failure's feedback key said.

    The text is the feedback the student saw for that key. A later failing check whose
    output only points to the first failing one ("fails too, see ...") is used only when
    no check with that key says more.
    """
    failing = [t for t in tests if t.status != "passed"]
    first = next((t for t in failing if t.feedback_key != HELD_BACK_KEY), None)
    pointer = message(SEE_FIRST_KEY, lang, check=f"“{first.title}”") if first else None
    seen: dict[str, _Seen] = {}
    for test in failing:
        key = test.feedback_key or "check.generic"
        says_more = test is first or speaks_for_itself(key) or test.output != pointer
        entry = seen.setdefault(key, _Seen(failure_kind(test), test.output, []))
        if entry.text == pointer and says_more:
            entry.text = test.output
        entry.titles.append(test.title or test.name)
    return seen


def _rank(rows: list[FailureRow], order: dict[str, int]) -> list[FailureRow]:
    """Most students first; checks held back because another check fails come last (the
    reason is that other check's row)."""
    return sorted(rows, key=lambda r: (r.key == HELD_BACK_KEY, -len(r.students),
                                       order.get(r.function, len(order)), r.key))


def _function_order(results: ClassResults) -> dict[str, int]:
    names = [fn.name for fn in course().functions()]
    for _, report in results.reports:
        names += [t.function for t in report.tests if t.function not in names]
    return {name: index for index, name in enumerate(dict.fromkeys(names))}


def _with_quiz(results: ClassResults) -> bool:
    """Whether the class is graded on quizzes too: someone handed in answers (as in
    ``gradebook.csv``, where everyone's maximum then includes the quiz)."""
    return any(record.quiz_score for record in results.graded)


def _student_row(record: StudentRecord, with_quiz: bool) -> StudentRow:
    report = record.report
    if report is None:
        return StudentRow(record.student, record.status, record.error)
    cells = {name: _cell(tests) for name, tests in _by_function(report.tests).items()}
    quiz = None
    if with_quiz:  # the quiz of the modules this student was graded on, weighted as in the book
        known = {fn.name for fn in course().functions()}
        maximum = quiz_points(course(), sorted(set(cells) & known))
        raw = record.quiz_score
        quiz = (maximum * raw[0] / raw[1] if raw and raw[1] else 0.0, maximum)
    return StudentRow(record.student, record.status, record.error, cells,
                      (report.score, report.max_score), quiz)


def class_statistics(results: ClassResults, lang: str, top: int = 15) -> ClassStats:
    """Statistics of ``results``; ``top`` limits the known-mistakes and other-failures tables
    (what did not run is always listed in full)."""
    order = _function_order(results)
    with_quiz = _with_quiz(results)
    rows = [_student_row(record, with_quiz) for record in results.records]
    percents = [row.percent for row in rows if row.percent is not None]

    per_function: dict[str, list[list[TestResult]]] = {}
    failures: dict[tuple[str, str], dict] = {}
    for record, report in results.reports:
        for function, tests in _by_function(report.tests).items():
            per_function.setdefault(function, []).append(tests)
            for key, seen in _texts_seen(tests, report.lang).items():
                entry = failures.setdefault((function, key),
                                            {"kind": seen.kind, "texts": {}, "titles": []})
                entry["texts"].setdefault(seen.text, []).append(record.student)
                entry["titles"] += [t for t in seen.titles if t not in entry["titles"]]

    functions = []
    for name in sorted(per_function, key=lambda n: order.get(n, len(order))):
        per_student = per_function[name]
        cells = [_cell(tests) for tests in per_student]
        checks = [t for tests in per_student for t in tests]
        max_points = max(c.max_score for c in cells)
        functions.append(FunctionStats(
            name=name,
            max_points=max_points,
            graded=len(per_student),
            mean_score=stats.fmean(c.score for c in cells),
            full_credit=sum(c.score >= max_points - 1e-9 for c in cells),
            not_started=sum(c.state in NOT_DONE for c in cells),
            checks_passed=sum(t.status == "passed" for t in checks) / len(checks),
        ))
    graded_on = {f.name: f.graded for f in functions}

    all_rows = []
    for (function, key), entry in failures.items():
        texts = [FailureText(text, sorted(students)) for text, students in
                 sorted(entry["texts"].items(), key=lambda item: -len(item[1]))]
        all_rows.append(FailureRow(function, key, entry["kind"], graded_on[function], texts,
                                   entry["titles"]))
    ranked = _rank(all_rows, order)
    mistakes = [r for r in ranked if r.kind == "mistake"]
    others = [r for r in ranked if r.kind == "other"]
    did_not_run = sorted((r for r in ranked if r.kind in DID_NOT_RUN),
                         key=lambda r: DID_NOT_RUN.index(r.kind))  # stable: keeps the ranking
    return ClassStats(
        students=len(results.records), graded=len(results.graded), percents=percents,
        functions=functions, mistakes=mistakes[:top], did_not_run=did_not_run,
        others=others[:top], rows=rows,
        left_out={"mistakes": max(len(mistakes) - top, 0), "others": max(len(others) - top, 0)},
    )
