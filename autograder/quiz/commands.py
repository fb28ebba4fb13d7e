"""``python -m autograder quiz ...``: validate, take, grade, grade-all, export.

Heavy imports happen inside each command. Exit status: 0 when the command did
its job (whatever the score), 1 when the bank is invalid or (``take``) the input
ended before the last question, 2 for usage errors (unknown module or section,
missing files, a ``--save`` file of another student), 130 when ``take`` was
interrupted with Ctrl-C. A stopped ``take`` keeps every answer given so far.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import FAILED, INTERRUPTED, LANGUAGES, OK, USAGE_ERROR, error
from autograder.languages import Language

if TYPE_CHECKING:
    from autograder.quiz.bank import Bank
    from autograder.quiz.compiled import QuestionsOnly
    from autograder.quiz.take import Asked

BANK_INVALID = INPUT_ENDED = FAILED


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "quiz", help="the conceptual quiz: take, grade, export", description=__doc__
    )
    quiz = parser.add_subparsers(dest="quiz_command", metavar="QUIZ_COMMAND")
    parser.set_defaults(run=lambda args: _usage(parser))

    validate = quiz.add_parser("validate", help="check the bank; print item counts")
    validate.add_argument("files", nargs="*", type=Path, help="bank files (default: course.yaml's)")
    validate.set_defaults(run=run_validate)

    take = quiz.add_parser("take", help="answer questions in the terminal")
    _scope(take)
    take.add_argument("--limit", type=int, help="ask this many questions, drawn at random")
    take.add_argument("--seed", type=int, help="variant seed (default: from --student)")
    take.add_argument("--student", default="anonymous", help="student id (picks the variants)")
    take.add_argument("--save", type=Path,
                      help="keep the answers in this YAML file, each as soon as it is given; "
                      "an existing file of the same student gets the new answers added (an "
                      "item answered again is replaced)")
    take.set_defaults(run=run_take)

    grade = quiz.add_parser(
        "grade", help="grade one answers file",
        description="Grade one answers file. The student id (which picks the variants) is "
        "--student, else the file's name; the items are --module/--section, else the whole "
        "bank. What the file says about its student, seed or items is only compared.")
    grade.add_argument("answers", type=Path, help="answers file (YAML or JSON)")
    grade.add_argument("--student", default=None,
                       help="the student's id (default: the file name before its first dot)")
    _scope(grade, lang_default=None)
    grade.add_argument("--json", action="store_true", help="print the report as JSON only")
    grade.set_defaults(run=run_grade)

    grade_all = quiz.add_parser("grade-all", help="grade a folder of answers files to CSV")
    grade_all.add_argument("folder", type=Path)
    grade_all.add_argument("--out", type=Path, required=True, help="CSV file to write")
    _scope(grade_all, lang_default=None)
    grade_all.set_defaults(run=run_grade_all)

    export = quiz.add_parser("export", help="Moodle XML, Canvas QTI or an nbgrader notebook")
    export.add_argument("format", choices=("moodle", "qti", "notebook"))
    export.add_argument("--out", type=Path, required=True, help=".xml, .zip or .ipynb file")
    _scope(export)
    export.add_argument("--variants", type=int, default=5, help="variants per parametrised item")
    export.add_argument("--seed", type=int, default=0, help="variant seed (notebook)")
    export.set_defaults(run=run_export)


def _scope(parser: argparse.ArgumentParser, lang_default: str | None = "course") -> None:
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


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return USAGE_ERROR


def _load(files: list[Path] | None = None, thorough: bool = False) -> Bank | None:
    """The bank, or None after printing every problem."""
    from autograder.quiz.bank import BankError, load_bank

    try:
        return load_bank(files or None, thorough=thorough)
    except BankError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        print(f"{len(exc.issues)} problem(s) in the quiz bank", file=sys.stderr)
        return None


def _scoped_bank(args: argparse.Namespace) -> Bank | int:
    """The bank, or the exit status after saying what is wrong."""
    bank = _load()
    if bank is None:
        return BANK_INVALID
    if not _check_scope(bank, args):
        return USAGE_ERROR
    return bank


def _check_scope(bank: Bank | QuestionsOnly, args: argparse.Namespace) -> bool:
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


def _lang(args: argparse.Namespace) -> Language:
    from autograder.config import course

    return args.lang or course().default_language


def run_validate(args) -> int:
    from autograder.quiz import compiled
    from autograder.quiz.bank import counts

    for path in args.files:
        if not path.is_file():
            error(f"no such file: {path}")
            return USAGE_ERROR
    questions = None if args.files else compiled.questions_only()
    if questions is not None:
        problems = compiled.check_questions(questions)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return BANK_INVALID
        print(f"quiz bank OK: {len(questions.items)} questions in {len(questions.sections)} "
              "sections (questions only: this course's quizzes are graded by the instructor)")
        return OK
    bank = _load(args.files, thorough=True)
    if bank is None:
        return BANK_INVALID
    tally = counts(bank)
    print(f"quiz bank OK: {len(bank.items)} items in {len(bank.sections)} sections")
    for name in ("section", "type", "difficulty", "parametrised"):
        print(f"  by {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally[name].items())))
    return OK


def run_take(args) -> int:
    from rich.console import Console

    from autograder.quiz import compiled
    from autograder.quiz.answers_store import AnswersStore, StoreConflict
    from autograder.quiz.take import END_OF_INPUT, Asked, choose_items, run_quiz
    from autograder.quiz.take import INTERRUPTED as STOPPED
    from autograder.quiz.variants import seed_for_student

    questions = compiled.questions_only()
    bank = questions if questions is not None else _scoped_bank(args)
    if isinstance(bank, int):
        return bank
    if questions is not None and not _check_scope(questions, args):
        return USAGE_ERROR
    lang = _lang(args)
    if questions is not None:  # graded by the instructor: the variants follow the student id
        if args.student == "anonymous" or args.seed is not None:
            error("this course's quizzes are graded by your instructor: give your student id "
                   "(--student ID), which decides your questions' values (no --seed)")
            return USAGE_ERROR
        from autograder.paths import learner_root

        args.save = args.save or learner_root() / "quizzes" / "answers" / (
            f"{args.student}.quiz.yaml")
    seed = args.seed if args.seed is not None else seed_for_student(args.student)
    items = choose_items(bank.select(args.module, args.section), args.limit, seed)
    try:
        store = AnswersStore(args.save, args.student, seed, lang) if args.save else None
    except StoreConflict as exc:
        error(str(exc))
        return USAGE_ERROR
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
    outcome = run_quiz(asked, lang=lang, console=Console(), store=store, section_title=title)
    return {END_OF_INPUT: INPUT_ENDED, STOPPED: INTERRUPTED}.get(outcome.stopped, OK)


def _graded_question(item, seed: int, lang: Language) -> Asked:
    """A question with its key: each answer gets its feedback at once."""
    from autograder.quiz.grading import grade_response
    from autograder.quiz.take import Asked
    from autograder.quiz.variants import make_question
    from autograder.quiz.view import view_of

    question = make_question(item, seed)
    return Asked(view_of(question, lang),
                 grade=lambda answer: grade_response(question, answer, lang))


def run_grade(args) -> int:
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
    bank = _scoped_bank(args)
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
        return OK
    for item in report.items:
        print(f"[{item.status}] {item.id}: {item.score:g}/{item.max_score:g}")
        print("    " + item.output.replace("\n", "\n    "))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{report.student}: {report.score:g} / {report.max_score:g}")
    return OK


def run_grade_all(args) -> int:
    from autograder.config import course
    from autograder.quiz.batch import grade_folder

    if not args.folder.is_dir():
        error(f"no such folder: {args.folder}")
        return USAGE_ERROR
    bank = _scoped_bank(args)
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


def run_export(args) -> int:
    bank = _scoped_bank(args)
    if isinstance(bank, int):
        return bank
    if args.variants < 1:
        error("--variants must be at least 1")
        return USAGE_ERROR
    items = bank.select(args.module, args.section)
    lang = _lang(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "moodle":
        from autograder.quiz.export_moodle import export_moodle

        xml, report = export_moodle(bank, items, lang, args.variants)
        args.out.write_text(xml, encoding="utf-8")
    elif args.format == "qti":
        from autograder.quiz.export_qti import export_qti

        try:
            report = export_qti(bank, items, lang, args.out, args.variants)
        except ModuleNotFoundError:
            error("the QTI export needs text2qti: pip install 'transformer-course[notebooks]'")
            return USAGE_ERROR
    else:
        import nbformat

        from autograder.quiz.export_notebook import build_notebook

        notebook, report = build_notebook(bank, items, lang, args.seed)
        nbformat.write(notebook, args.out)
    print(f"wrote {args.out}")
    for line in report.lines():
        print(line)
    return OK
