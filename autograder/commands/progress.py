"""``progress [PATH ...]``: a self-study learner's progress and what to do next.

Argument handling and printing; the report itself is
:func:`autograder.selfstudy.progress.progress_lines`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands._common import (
    LANGUAGES,
    OK,
    add_course_option,
    error,
    load_course_option,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="show your progress: functions done, quiz scores, what to do next",
        description="Check your exercise notebooks (by default those in exercises/<lang>/ "
        "of this repository, or in the current folder for an installed course package) "
        "and your quiz answers, and say what to do next.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="notebooks or folders of notebooks (default: exercises/<lang>/)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language (default: each notebook's own, else course.yaml's)")
    parser.add_argument("--full", action="store_true",
                        help="use the complete hidden suite instead of the public checks")
    parser.add_argument("--quiz-answers", action="append", type=Path, default=None,
                        metavar="FILE", help="a quiz answers file (repeatable; default: the "
                        "files in quizzes/answers/)")
    add_course_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.sandbox import zygote

    if zygote.supported():
        zygote.get()  # boots while the grader imports what it needs
    from autograder.config import CourseFileError
    from autograder.paths import IN_CLONE, learner_root
    from autograder.selfstudy.progress import progress_lines
    from autograder.selfstudy.suites import HiddenSuiteMissing, suite_dir

    try:
        config = load_course_option(args.course)
        tests_dir = suite_dir(full=args.full)
    except (CourseFileError, HiddenSuiteMissing) as exc:
        return error(str(exc))
    default_folder = learner_root() / "exercises" / (args.lang or config.default_language)
    paths = args.paths or [default_folder if IN_CLONE else Path.cwd()]
    lines = progress_lines(config, paths, tests_dir, args.full, args.lang, args.quiz_answers)
    _show(lines)
    return OK


def _show(lines: list[tuple[str, str]]) -> None:
    """Print ``(text, style)`` lines, in colour when rich is installed."""
    try:
        from rich.console import Console
        from rich.text import Text
    except ImportError:
        for text, _ in lines:
            print(text)
        return
    console = Console(soft_wrap=True, highlight=False, emoji=False)
    for text, style in lines:
        console.print(Text(text, style=style))
