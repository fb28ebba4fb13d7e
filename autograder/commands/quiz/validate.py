"""``quiz validate``: check the bank (or the shipped questions); print item counts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import OK, USAGE_ERROR, error
from autograder.commands.quiz._common import BANK_INVALID, load

if TYPE_CHECKING:
    from autograder.quiz.compiled import QuestionsOnly


def register(quiz) -> None:
    validate = quiz.add_parser("validate", help="check the bank; print item counts")
    validate.add_argument("files", nargs="*", type=Path, help="bank files (default: course.yaml's)")
    validate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.quiz import compiled

    for path in args.files:
        if not path.is_file():
            error(f"no such file: {path}")
            return USAGE_ERROR
    questions = None if args.files else compiled.questions_only()
    if questions is not None:
        return _validate_questions(questions)
    return _validate_bank(args.files)


def _validate_questions(questions: QuestionsOnly) -> int:
    """The questions a graded course's student package ships."""
    from autograder.quiz import compiled

    problems = compiled.check_questions(questions)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return BANK_INVALID
    print(f"quiz bank OK: {len(questions.items)} questions in {len(questions.sections)} "
          "sections (questions only: this course's quizzes are graded by the instructor)")
    return OK


def _validate_bank(files: list[Path]) -> int:
    from autograder.quiz.bank import counts

    bank = load(files, thorough=True)
    if bank is None:
        return BANK_INVALID
    tally = counts(bank)
    print(f"quiz bank OK: {len(bank.items)} items in {len(bank.sections)} sections")
    for name in ("section", "type", "difficulty", "parametrised"):
        print(f"  by {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally[name].items())))
    return OK
