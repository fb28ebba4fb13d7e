"""``quiz grade``: grade one answers file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import OK, USAGE_ERROR, error
from autograder.commands.quiz._common import add_scope_options, scoped_bank

if TYPE_CHECKING:
    from autograder.quiz.grading import Report


def register(quiz) -> None:
    grade = quiz.add_parser(
        "grade", help="grade one answers file",
        description="Grade one answers file. The student id (which picks the variants) is "
        "--student, else the file's name; the items are --module/--section, else the whole "
        "bank. What the file says about its student, seed or items is only compared.")
    grade.add_argument("answers", type=Path, help="answers file (YAML or JSON)")
    grade.add_argument("--student", default=None,
                       help="the student's id (default: the file name before its first dot)")
    add_scope_options(grade, lang_default=None)
    grade.add_argument("--json", action="store_true", help="print the report as JSON only")
    grade.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from autograder.config import course
    from autograder.quiz.grading import (
        AnswersFileError,
        grade_answers,
        read_answers,
        student_id_from_path,
    )

    if not args.answers.is_file():
        error(f"no such answers file: {args.answers}")
        return USAGE_ERROR
    bank = scoped_bank(args)
    if isinstance(bank, int):
        return bank
    try:
        answers = read_answers(args.answers)
    except AnswersFileError as exc:
        error(str(exc))
        return USAGE_ERROR
    report = grade_answers(
        bank, answers, args.lang, args.module, args.section,
        default_lang=course().default_language,
        student=args.student or student_id_from_path(args.answers),
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return OK


def _print_report(report: Report) -> None:
    for item in report.items:
        print(f"[{item.status}] {item.id}: {item.score:g}/{item.max_score:g}")
        print("    " + item.output.replace("\n", "\n    "))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{report.student}: {report.score:g} / {report.max_score:g}")
