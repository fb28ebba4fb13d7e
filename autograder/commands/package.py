"""``student-package``: build the wheel that students install (no hidden tests, no solutions)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands._common import FAILED, OK


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "student-package",
        help="build the package students install, without hidden tests or solutions",
        description="Build a wheel of the course package for students' environments (e.g. a "
        "JupyterHub): check() cells, pytest on notebooks, progress and the quiz work on "
        "their own; the hidden tests and the reference solutions are left out, and the quiz "
        "answer keys too when the course's quizzes are graded (quiz_mode).",
    )
    parser.add_argument("--out", type=Path, default=Path("dist"),
                        help="folder for the wheel (default: dist/)")
    parser.add_argument("--quiz-mode", choices=("practice", "graded"), default=None,
                        help="practice: ship the quiz bank with its answer keys (instant "
                        "feedback); graded: the questions only (default: course.yaml's "
                        "quiz_mode)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.student_package import PackageBuildError, build_student_wheel

    try:
        wheel = build_student_wheel(args.out, args.quiz_mode)
    except PackageBuildError as exc:
        print(f"error: the wheel could not be built:\n{exc}", file=sys.stderr)
        return FAILED
    print(wheel)
    return OK
