"""The result of grading one submission, and its renderings.

One typed model; the command line, the batch grader, Gradescope and the
class report all render it instead of assembling their own dictionaries.
"""

from __future__ import annotations

import io
from typing import ClassVar, Literal, get_args

import msgspec

from autograder.feedback import message
from autograder.sandbox.sanitise import clean_text

Status = Literal["passed", "failed", "error", "timeout"]
STATUSES = frozenset(get_args(Status))
# Every text of a report is made safe to encode and print (see sanitise.clean_text); student
# text is capped where it enters, so this limit only guards against the unforeseen.
REPORT_TEXT_LIMIT = 200_000


def _safe(value):
    if isinstance(value, str):
        return clean_text(value, REPORT_TEXT_LIMIT)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    return value


class _SafeTexts(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A report part whose ``TEXTS`` fields are cleaned whenever they are set.

    msgspec structs: typed like pydantic models, checked when read from JSON
    (:meth:`GradingReport.from_json`), and importing them costs a few milliseconds where
    pydantic costs about a numpy import on every ``grade``.
    """

    TEXTS: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        for name in self.TEXTS:
            msgspec.Struct.__setattr__(self, name, _safe(getattr(self, name)))

    def __setattr__(self, name: str, value) -> None:
        msgspec.Struct.__setattr__(self, name, _safe(value) if name in self.TEXTS else value)


class TestResult(_SafeTexts, kw_only=True):
    """One graded check of one function (all its cases together)."""

    TEXTS: ClassVar[frozenset[str]] = frozenset({"output", "title", "name"})

    name: str  # stable id: function.check
    function: str
    score: float
    max_score: float
    status: Status
    output: str  # feedback shown to the student
    title: str = ""  # what the check is about, in the report's language
    feedback_key: str = ""  # message key of the failure, for class statistics

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        self.score, self.max_score = float(self.score), float(self.max_score)


class GradingReport(_SafeTexts, kw_only=True):
    """Everything known about one graded submission."""

    TEXTS: ClassVar[frozenset[str]] = frozenset({"submission", "load_notes", "student_output"})

    score: float
    max_score: float
    tests: list[TestResult]
    submission: str = ""
    lang: str = "en"
    load_notes: list[str] = msgspec.field(default_factory=list)
    student_output: str = ""
    isolation: list[str] = msgspec.field(default_factory=list)
    # required isolation layers that were not in force
    missing_layers: list[str] = msgspec.field(default_factory=list)
    duration_seconds: float = 0.0
    grader_version: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.score, self.max_score = float(self.score), float(self.max_score)
        self.duration_seconds = float(self.duration_seconds)

    @classmethod
    def from_json(cls, text: str | bytes) -> GradingReport:
        """A report read back from :meth:`to_json`'s text.

        Raises:
            ValueError: the text is not JSON or not a report (msgspec says where).
        """
        return msgspec.json.decode(text, type=cls)

    def function_scores(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for test in self.tests:  # sum first, round once: shares such as 10/9 add up to 10
            totals[test.function] = totals.get(test.function, 0.0) + test.score
        return {function: round(total, 6) for function, total in totals.items()}

    def to_json(self) -> str:
        return msgspec.json.format(msgspec.json.encode(self), indent=2).decode()

    def to_gradescope(self) -> dict:
        """Gradescope's ``results.json`` schema: one test per graded function.

        Each function's maximum is its points from ``course.yaml`` and its score the sum
        of its checks, rounded once (4 decimals), so the totals Gradescope shows are exact;
        the function's checks, with their titles in the report's language, are listed in
        its output.
        """
        by_function: dict[str, list[TestResult]] = {}
        for test in self.tests:
            by_function.setdefault(test.function, []).append(test)
        tests = []
        for number, (function, checks) in enumerate(by_function.items(), start=1):
            passed = sum(t.status == "passed" for t in checks)
            lines = []
            for check in checks:
                mark = "✓" if check.status == "passed" else "✗"
                lines.append(f"{mark} {check.title or check.name}")
                if check.status != "passed" and check.output:
                    lines.append("    " + check.output.replace("\n", "\n    "))
            score = round(sum(t.score for t in checks), 4)
            max_score = round(sum(t.max_score for t in checks), 4)
            tests.append({
                "name": message("report.gradescope_test", self.lang, function=function,
                                passed=passed, checks=len(checks)),
                "number": str(number),
                "score": score,
                "max_score": max_score,
                "status": "passed" if score >= max_score else "failed",
                "output": "\n".join(lines),
                "tags": [function],
                "visibility": "visible",
            })
        return {
            "score": round(self.score, 4),
            "execution_time": round(self.duration_seconds, 2),
            "output": "\n".join(self.load_notes),
            "stdout_visibility": "hidden",
            "tests": tests,
        }

    def to_text(self, width: int = 100) -> str:
        """A readable report: one row per function, then each distinct piece of feedback once."""
        from rich.console import Console
        from rich.table import Table

        lang = self.lang
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
        console.print(f"{message('report.title', lang)}: {self.submission}", markup=False)
        table = Table()
        table.add_column(message("report.function", lang))
        table.add_column(message("report.points", lang), justify="right")
        table.add_column(message("report.checks_passed", lang), justify="right")
        by_function: dict[str, list[TestResult]] = {}
        for test in self.tests:
            by_function.setdefault(test.function, []).append(test)
        for function, tests in by_function.items():
            passed = sum(t.status == "passed" for t in tests)
            table.add_row(function, f"{sum(t.score for t in tests):.4g}/"
                          f"{sum(t.max_score for t in tests):.4g}", f"{passed}/{len(tests)}")
        console.print(table)
        console.print(f"{message('report.total', lang)}: {self.score:.4g}/{self.max_score:.4g}")
        if self.missing_layers:
            console.print(message("report.weak_sandbox", lang,
                                  layers=", ".join(self.missing_layers)), markup=False)
        if self.load_notes:
            console.print(f"\n{message('report.load_notes', lang)}:")
            for note in self.load_notes:
                console.print(f"  - {note}", markup=False, highlight=False)
        any_failure = False
        for function, tests in by_function.items():
            feedback: dict[str, list[str]] = {}
            for test in tests:
                if test.status != "passed":
                    feedback.setdefault(test.output, []).append(test.title or test.name)
            for text, titles in feedback.items():
                any_failure = True
                console.print(f"\n[{function}] {'; '.join(titles)}", markup=False, highlight=False)
                console.print(f"  {text}", markup=False, highlight=False)
        if not any_failure:
            console.print(message("report.all_passed", lang))
        return buffer.getvalue()
