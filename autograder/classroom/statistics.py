"""Class statistics: grade distribution, per-function results, most common mistakes."""

from __future__ import annotations

import re
import statistics as stats
from collections import Counter
from dataclasses import dataclass, field

from autograder.classroom.results import ClassResults
from autograder.feedback import has, message

NOT_DONE_KEYS = {"error.not_started", "error.missing"}
MISTAKE_PREFIX = "mistake."


@dataclass
class FunctionStats:
    name: str
    max_points: float
    mean_score: float
    full_credit: float  # share of graded students, 0..1
    not_started: float
    checks_passed: float  # share of all checks passed across the class


@dataclass
class MistakeStats:
    key: str
    function: str
    students: int
    share: float  # of graded students, 0..1
    description: str


@dataclass
class StudentRow:
    student: str
    score: float | None
    max_score: float | None
    quiz: tuple[float, float] | None
    status: str


@dataclass
class ClassStats:
    students: int
    graded: int
    percents: list[float]  # each graded student's total, % of its maximum
    functions: list[FunctionStats]
    mistakes: list[MistakeStats]  # known mistakes (``mistake.*`` feedback), most common first
    problems: list[MistakeStats]  # everything else: not started, raised, timed out, ...
    rows: list[StudentRow] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return stats.fmean(self.percents) if self.percents else None

    @property
    def median(self) -> float | None:
        return stats.median(self.percents) if self.percents else None


def describe_mistake(key: str, function: str, lang: str, sample: str) -> str:
    """The feedback text of ``key``, with the student-specific details left out."""
    if not has(key):
        return (sample.strip().splitlines() or [key])[0]
    text = message(key, lang, function=function)
    return re.sub(r"\s*\{[a-z_]+\}", " …", text)


def class_statistics(results: ClassResults, lang: str, top: int = 15) -> ClassStats:
    graded = results.graded
    rows, percents = [], []
    for record in results.records:
        report = record.report
        quiz = record.quiz_score
        if report is None:
            rows.append(StudentRow(record.student, None, None, None, record.status))
            continue
        score = report.score + (quiz[0] if quiz else 0.0)
        maximum = report.max_score + (quiz[1] if quiz else 0.0)
        rows.append(StudentRow(record.student, score, maximum, quiz, record.status))
        if maximum:
            percents.append(100.0 * score / maximum)

    by_function: dict[str, list] = {}
    mistake_students: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], str] = {}
    for record in graded:
        tests_of: dict[str, list] = {}
        for test in record.report.tests:
            tests_of.setdefault(test.function, []).append(test)
        seen: set[tuple[str, str]] = set()
        for test in record.report.tests:
            if test.status != "passed" and test.feedback_key:
                pair = (test.function, test.feedback_key)
                seen.add(pair)
                samples.setdefault(pair, test.output)
        mistake_students.update(seen)
        for function, tests in tests_of.items():
            by_function.setdefault(function, []).append(tests)

    functions = []
    n = len(graded)
    for name, per_student in by_function.items():
        checks = [t for tests in per_student for t in tests]
        max_points = max(sum(t.max_score for t in tests) for tests in per_student)
        totals = [sum(t.score for t in tests) for tests in per_student]
        functions.append(FunctionStats(
            name=name,
            max_points=max_points,
            mean_score=stats.fmean(totals),
            full_credit=sum(t >= max_points - 1e-9 for t in totals) / n,
            not_started=sum(all(t.feedback_key in NOT_DONE_KEYS for t in tests)
                            for tests in per_student) / n,
            checks_passed=sum(t.status == "passed" for t in checks) / len(checks),
        ))
    ranked = [
        MistakeStats(key, function, count, count / n,
                     describe_mistake(key, function, lang, samples[(function, key)]))
        for (function, key), count in mistake_students.most_common()
    ]
    mistakes = [m for m in ranked if m.key.startswith(MISTAKE_PREFIX)][:top]
    problems = [m for m in ranked if not m.key.startswith(MISTAKE_PREFIX)][:top]
    return ClassStats(len(results.records), n, percents, functions, mistakes, problems, rows)
