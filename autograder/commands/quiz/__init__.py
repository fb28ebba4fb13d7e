"""``python -m autograder quiz ...``: validate, take, grade, grade-all, export.

Heavy imports happen inside each command. Exit status: 0 when the command did
its job (whatever the score), 1 when the bank is invalid or (``take``) the input
ended before the last question, 2 for usage errors (unknown module or section,
missing files, a ``--save`` file of another student), 130 when ``take`` was
interrupted with Ctrl-C. A stopped ``take`` keeps every answer given so far.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from autograder.commands._common import USAGE_ERROR

# One module per quiz sub-command, in the order --help lists them; each exposes
# ``register(quiz_subparsers)``.
QUIZ_COMMAND_MODULES = [
    "autograder.commands.quiz.validate",
    "autograder.commands.quiz.take",
    "autograder.commands.quiz.grade",
    "autograder.commands.quiz.grade_all",
    "autograder.commands.quiz.export",
]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "quiz", help="the conceptual quiz: take, grade, export", description=__doc__
    )
    quiz = parser.add_subparsers(dest="quiz_command", metavar="QUIZ_COMMAND")
    parser.set_defaults(run=lambda args: _usage(parser))
    for name in QUIZ_COMMAND_MODULES:
        importlib.import_module(name).register(quiz)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return USAGE_ERROR
