"""Graded notebook cells that are not a course function's tests: graded for real.

An nbgrader assignment may hold graded test cells the hidden suite knows
nothing of: the cells of a quiz exported with ``quiz export notebook``, or an
instructor's own check added to a course notebook. nbgrader gives full points
to a graded cell that shows no error, so a cell nobody ran would be a free
point. :func:`grade_cells` grades each of them:

- a quiz cell (``_quiz_points(kind, answer_..., key, points, mapping=...)``, all
  literals but the answer's name): the answer is read from the student's
  notebook as data and scored here, in the grader, by
  :func:`autograder.quiz.scoring.quiz_points`, so no student code can change
  its verdict;
- any other cell: run in the student's sandbox after the notebook (as nbgrader
  would run it, so like nbgrader it trusts what the notebook defines): an
  exception scores 0, a number as the cell's last value is partial credit,
  anything else is full points.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from autograder.config import Course
from autograder.quiz.scoring import quiz_points
from autograder.sandbox.process import StudentProcessDied
from autograder.student import StudentError, StudentProgram
from autograder.submission import read_submission

QUIZ_FUNCTION = "_quiz_points"
RESULT_NAME = "__autograder_cell_result__"


@dataclass(frozen=True)
class GradedCell:
    grade_id: str
    source: str  # the whole cell, hidden tests included
    points: float


@dataclass(frozen=True)
class CellResult:
    score: float
    status: str  # "passed", "failed" or "error"
    output: str


@dataclass(frozen=True)
class QuizCall:
    kind: str
    variable: str
    key: dict
    points: float
    mapping: dict | None


def quiz_call(source: str) -> QuizCall | None:
    """The quiz scoring call a cell consists of, or None for any other cell."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ast.Expr):
        return None
    call = body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == QUIZ_FUNCTION and len(call.args) == 4
            and isinstance(call.args[1], ast.Name)):
        return None
    try:
        kind, key, points = (ast.literal_eval(call.args[i]) for i in (0, 2, 3))
        mapping = {k.arg: ast.literal_eval(k.value) for k in call.keywords}.get("mapping")
    except ValueError:
        return None
    return QuizCall(kind, call.args[1].id, key, float(points), mapping)


def _with_result(source: str) -> str:
    """``source`` with its last expression's value kept in :data:`RESULT_NAME`."""
    tree = ast.parse(source)
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1]
        tree.body[-1] = ast.Assign(targets=[ast.Name(RESULT_NAME, ast.Store())],
                                   value=last.value, lineno=last.lineno)
    else:
        tree.body.append(ast.parse(f"{RESULT_NAME} = None").body[0])
    return ast.unparse(ast.fix_missing_locations(tree))


def _run_check(program: StudentProgram, cell: GradedCell) -> CellResult:
    try:
        code = _with_result(cell.source)
    except SyntaxError as exc:
        return CellResult(0.0, "error", f"the check does not parse: {exc}")
    outcome = program.run(f"<check {cell.grade_id}>", code)
    if outcome.status != "ok":
        detail = f"{outcome.error_type}: {outcome.message}" if outcome.error_type else (
            outcome.message or outcome.status)
        return CellResult(0.0, "failed", detail)
    try:
        value = program.value(RESULT_NAME)
    except StudentError as exc:
        return CellResult(0.0, "error", str(exc))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return CellResult(cell.points, "passed", "")
    score = round(min(cell.points, max(0.0, float(value))), 4)
    return CellResult(score, "passed" if score >= cell.points else "failed", "")


def _score_quiz(program: StudentProgram, call: QuizCall) -> CellResult:
    try:
        raw = program.value(call.variable)
    except StudentError:
        raw = None  # not answered (or the answer's cell failed)
    score = quiz_points(call.kind, raw, call.key, call.points, call.mapping)
    return CellResult(score, "passed" if score >= call.points else "failed", "")


def grade_cells(path: Path, cells: list[GradedCell],
                course_config: Course) -> dict[str, CellResult]:
    """Each cell's result, graded against the notebook at ``path`` (loaded once).

    Raises:
        SandboxUnavailable: if no sandbox can be started (nothing can be judged).
    """
    submission = read_submission(path)
    program = StudentProgram(submission, course_config.sandbox)
    results: dict[str, CellResult] = {}
    try:
        try:
            program.load()
        except StudentProcessDied as died:  # the notebook itself crashes again and again
            return {cell.grade_id: CellResult(0.0, "error", died.detail) for cell in cells}
        for cell in cells:
            call = quiz_call(cell.source)
            results[cell.grade_id] = (_score_quiz(program, call) if call
                                      else _run_check(program, cell))
    finally:
        program.close()
    return results
