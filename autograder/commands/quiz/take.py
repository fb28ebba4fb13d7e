"""``quiz take``: answer questions in the terminal (see :mod:`autograder.quiz.take`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import INTERRUPTED, OK, USAGE_ERROR, error
from autograder.commands.quiz._common import (
    INPUT_ENDED,
    add_scope_options,
    check_scope,
    language,
    scoped_bank,
)
from autograder.languages import Language

if TYPE_CHECKING:
    from autograder.quiz.bank import Bank
    from autograder.quiz.compiled import QuestionsOnly
    from autograder.quiz.take import Asked


def register(quiz) -> None:
    take = quiz.add_parser("take", help="answer questions in the terminal")
    add_scope_options(take)
    take.add_argument("--limit", type=int, help="ask this many questions, drawn at random")
    take.add_argument("--seed", type=int, help="variant seed (default: from --student)")
    take.add_argument("--student", default="anonymous", help="student id (picks the variants)")
    take.add_argument("--save", type=Path,
                      help="keep the answers in this YAML file, each as soon as it is given; "
                      "an existing file of the same student gets the new answers added (an "
                      "item answered again is replaced)")
    take.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from autograder.quiz import compiled
    from autograder.quiz.answers_store import AnswersStore, StoreConflict
    from autograder.quiz.take import END_OF_INPUT, choose_items, run_quiz
    from autograder.quiz.take import INTERRUPTED as STOPPED
    from autograder.quiz.variants import seed_for_student

    questions = compiled.questions_only()
    bank = questions if questions is not None else scoped_bank(args)
    if isinstance(bank, int):
        return bank
    if questions is not None and not check_scope(questions, args):
        return USAGE_ERROR
    lang = language(args)
    if questions is not None and not _graded_by_instructor(args):
        return USAGE_ERROR
    seed = args.seed if args.seed is not None else seed_for_student(args.student)
    items = choose_items(bank.select(args.module, args.section), args.limit, seed)
    try:
        store = AnswersStore(args.save, args.student, seed, lang) if args.save else None
    except StoreConflict as exc:
        error(str(exc))
        return USAGE_ERROR
    asked, title = _questions(bank, items, seed, lang)
    outcome = run_quiz(asked, lang=lang, console=Console(), store=store, section_title=title)
    return {END_OF_INPUT: INPUT_ENDED, STOPPED: INTERRUPTED}.get(outcome.stopped, OK)


def _graded_by_instructor(args: argparse.Namespace) -> bool:
    """A graded course's quiz: the variants follow the student id, and the answers are saved
    where the instructor collects them. False after saying what is missing."""
    if args.student == "anonymous" or args.seed is not None:
        error("this course's quizzes are graded by your instructor: give your student id "
              "(--student ID), which decides your questions' values (no --seed)")
        return False
    from autograder.paths import learner_root

    args.save = args.save or learner_root() / "quizzes" / "answers" / (
        f"{args.student}.quiz.yaml")
    return True


def _questions(bank: Bank | QuestionsOnly, items: list, seed: int, lang: Language,
               ) -> tuple[list[Asked | Callable[[], Asked]], Callable[[str], str]]:
    """The questions to ask, and the title of a section."""
    from autograder.quiz import compiled
    from autograder.quiz.take import Asked

    asked: list[Asked | Callable[[], Asked]]
    title: Callable[[str], str]
    if isinstance(bank, compiled.QuestionsOnly):
        shipped = bank
        asked = [Asked(shipped.view(item, seed, lang)) for item in items]
        title = lambda sid: shipped.section_title(sid, lang)  # noqa: E731
    else:
        sections = bank.sections
        asked = [partial(_graded_question, item, seed, lang) for item in items]
        title = lambda sid: sections[sid].title(lang)  # noqa: E731
    return asked, title


def _graded_question(item, seed: int, lang: Language) -> Asked:
    """A question with its key: each answer gets its feedback at once."""
    from autograder.quiz.grading import grade_response
    from autograder.quiz.take import Asked
    from autograder.quiz.variants import make_question
    from autograder.quiz.view import view_of

    question = make_question(item, seed)
    return Asked(view_of(question, lang),
                 grade=lambda answer: grade_response(question, answer, lang))
