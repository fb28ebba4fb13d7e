"""``grade PATH``: grade one submission and print or write its report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.commands._common import (
    FAILED,
    LANGUAGES,
    OK,
    add_course_option,
    error,
    load_course_option,
    unknown_functions,
    unknown_module,
)

FORMATS = ("text", "json", "gradescope")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade one notebook or .py file",
        description="Grade one submission (a .ipynb notebook or a .py file) in an isolated "
        "process and report the score per function.",
    )
    parser.add_argument("path", type=Path, help="the submission: a .ipynb or .py file")
    parser.add_argument("--json", action="store_true",
                        help="print the report as one JSON object (same as --format json)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="text (default), json, or gradescope (results.json schema)")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the report to this file instead of standard output")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the feedback (default: course.yaml's default_language)")
    add_course_option(parser)
    parser.add_argument("--function", action="append", dest="functions", metavar="NAME",
                        help="grade only this function (repeatable)")
    parser.add_argument("--module", default=None, metavar="ID",
                        help="grade this module's functions (e.g. module02), whatever the "
                        "notebook says; default: the module whose notebook file name it has, "
                        "else every graded function")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.sandbox import zygote

    if zygote.supported():
        zygote.get()  # starts now and boots while the grader imports what it needs
    from autograder.config import CourseFileError

    fmt = "json" if args.json else (args.format or "text")
    try:
        config = load_course_option(args.course)
    except CourseFileError as exc:
        return error(str(exc))
    problem = unknown_functions(config, args.functions) or unknown_module(config, args.module)
    if problem:
        return error(problem)
    loading = None
    if args.path.is_file():  # load it in the sandbox while the grader imports the rest
        from autograder.loading import start

        loading = start(args.path, config, functions=args.functions, module=args.module)
    from autograder.engine import grade_path
    from autograder.sandbox.process import SandboxUnavailable
    from autograder.submission import SubmissionNotFound

    try:
        report = grade_path(args.path, lang=args.lang, functions=args.functions,
                            module=args.module, course_config=config, loading=loading)
    except SubmissionNotFound as exc:
        return error(str(exc))
    except SandboxUnavailable as exc:
        print(f"error: nothing was graded: the sandbox could not start here ({exc})",
              file=sys.stderr)
        return FAILED
    if fmt == "json":
        text = report.to_json()
    elif fmt == "gradescope":
        text = json.dumps(report.to_gradescope(), indent=2, ensure_ascii=False)
    else:
        text = report.to_text()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return OK
