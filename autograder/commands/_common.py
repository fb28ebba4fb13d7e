"""What the commands share: the languages, the exit statuses, ``--course``, the checks of
``--function`` and ``--module``.

Light on purpose: every command module imports it when the parser is built, so the course
file (and pydantic) are imported only inside the functions that need them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.languages import LANGUAGES

if TYPE_CHECKING:
    from autograder.config import Course

__all__ = [
    "FAILED", "INTERRUPTED", "LANGUAGES", "OK", "USAGE_ERROR", "add_course_option", "error",
    "load_course_option", "unknown_functions", "unknown_module",
]

# Exit statuses of every command.
OK = 0
FAILED = 1  # the command could not do its job (said why); rerunning may help
USAGE_ERROR = 2  # the command line is wrong: no such file, unknown option, function or module
INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


def error(text: str) -> int:
    """Print ``error: text`` on standard error; return :data:`USAGE_ERROR`."""
    print(f"error: {text}", file=sys.stderr)
    return USAGE_ERROR


def add_course_option(parser: argparse.ArgumentParser) -> None:
    """``--course FILE``; read it with :func:`load_course_option`."""
    parser.add_argument("--course", type=Path, default=None,
                        help="use this course file instead of the repository's course.yaml")


def load_course_option(path: Path | None) -> Course:
    """The course file ``--course`` names, else the repository's.

    Raises:
        autograder.config.CourseFileError: the file is missing or invalid.
    """
    from autograder.config import course, load_course

    return load_course(path) if path else course()


def unknown_functions(config: Course, functions: list[str] | None) -> str | None:
    """What is wrong with ``--function NAME ...``, or None when every name is graded."""
    known = [fn.name for fn in config.functions()]
    unknown = sorted(set(functions or []) - set(known))
    if unknown:
        return f"not a graded function: {', '.join(unknown)} (graded: {', '.join(known)})"
    return None


def unknown_module(config: Course, module: str | None) -> str | None:
    """What is wrong with ``--module ID``, or None when it is absent or a module of the course."""
    modules = [m.id for m in config.modules]
    if module and module not in modules:
        return f"no module {module!r} (modules: {', '.join(modules)})"
    return None
