"""``quiz grade-all``: grade a folder of answers files to CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands._common import OK, USAGE_ERROR, error
from autograder.commands.quiz._common import add_scope_options, scoped_bank


def register(quiz) -> None:
    grade_all = quiz.add_parser("grade-all", help="grade a folder of answers files to CSV")
    grade_all.add_argument("folder", type=Path)
    grade_all.add_argument("--out", type=Path, required=True, help="CSV file to write")
    add_scope_options(grade_all, lang_default=None)
    grade_all.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.config import course
    from autograder.quiz.batch import grade_folder

    if not args.folder.is_dir():
        error(f"no such folder: {args.folder}")
        return USAGE_ERROR
    bank = scoped_bank(args)
    if isinstance(bank, int):
        return bank
    summary = grade_folder(
        bank,
        args.folder,
        args.out,
        args.lang,
        args.module,
        args.section,
        default_lang=course().default_language,
    )
    for problem in summary.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"graded {summary.graded} answers file(s) into {args.out}")
    return OK
