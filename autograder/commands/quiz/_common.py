"""What the quiz sub-commands share: the scope options, loading the bank, the exit statuses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import FAILED, LANGUAGES, USAGE_ERROR, error
from autograder.languages import Language

if TYPE_CHECKING:
    from autograder.quiz.bank import Bank
    from autograder.quiz.compiled import QuestionsOnly

BANK_INVALID = INPUT_ENDED = FAILED


def add_scope_options(parser: argparse.ArgumentParser,
                      lang_default: str | None = "course") -> None:
    """``--lang``, ``--module`` and ``--section``; ``lang_default`` None: the answers file's."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language (default: the answers file's, else course.yaml's)"
        if lang_default is None
        else "language (default: course.yaml's)",
    )
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument("--section", action="append", help="only this section (repeatable)")


def load(files: list[Path] | None = None, thorough: bool = False) -> Bank | None:
    """The bank, or None after printing every problem."""
    from autograder.quiz.bank import BankError, load_bank

    try:
        return load_bank(files or None, thorough=thorough)
    except BankError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        print(f"{len(exc.issues)} problem(s) in the quiz bank", file=sys.stderr)
        return None


def scoped_bank(args: argparse.Namespace) -> Bank | int:
    """The bank, or the exit status after saying what is wrong."""
    bank = load()
    if bank is None:
        return BANK_INVALID
    if not check_scope(bank, args):
        return USAGE_ERROR
    return bank


def check_scope(bank: Bank | QuestionsOnly, args: argparse.Namespace) -> bool:
    """True if every ``--module`` and ``--section`` exists; else False after saying which not."""
    from autograder.config import course

    modules = {m.id for m in course().modules}
    for module in args.module or []:
        if module not in modules:
            error(f"unknown module {module!r}; known: {', '.join(sorted(modules))}")
            return False
    for section in args.section or []:
        if section not in bank.sections:
            error(f"unknown section {section!r}; known: {', '.join(bank.sections)}")
            return False
    return True


def language(args: argparse.Namespace) -> Language:
    """``--lang``, else the course's default language."""
    from autograder.config import course

    return args.lang or course().default_language
