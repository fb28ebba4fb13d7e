"""Commands for a whole class: ``grade-all``, ``report`` and ``gradescope-bundle``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.commands._common import (
    FAILED,
    INTERRUPTED,
    LANGUAGES,
    OK,
    add_course_option,
    error,
    load_course_option,
    unknown_functions,
    unknown_module,
)


def register(subparsers) -> None:
    grade_all = subparsers.add_parser(
        "grade-all",
        help="grade every submission in a folder, in parallel and resumably",
        description="Grade every student's submission in SUBMISSIONS_DIR (one file or one folder "
        "per student, or nbgrader's submitted/<student>/<assignment>/ layout) on all cores. "
        "Writes one JSON report per student and gradebook.csv to --out. A rerun grades only "
        "new or changed submissions. Exit status: 0 all graded, 1 the grader failed on some "
        "students (listed) or could not write the results, 2 usage error, 130 interrupted "
        "(rerun to continue).",
    )
    grade_all.add_argument("submissions_dir", type=Path, metavar="SUBMISSIONS_DIR")
    grade_all.add_argument("--out", type=Path, required=True, metavar="RESULTS_DIR",
                           help="folder for the reports, the journal and gradebook.csv")
    grade_all.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                           help="submissions graded at once (default: number of cores)")
    grade_all.add_argument("--force", action="store_true",
                           help="grade everything again, even unchanged submissions")
    grade_all.add_argument("--assignment", default=None,
                           help="in nbgrader's layout, grade only this assignment's folder")
    grade_all.add_argument("--lang", choices=LANGUAGES, default=None,
                           help="language of the feedback (default: the course's)")
    add_course_option(grade_all)
    grade_all.add_argument("--function", action="append", dest="functions", metavar="NAME",
                           help="grade only this function (repeatable)")
    grade_all.add_argument("--module", default=None, metavar="ID",
                           help="grade this module's functions (e.g. module02) for every "
                           "student, whatever their files say (default: the module whose "
                           "notebook --assignment names, else every graded function)")
    grade_all.add_argument("--allow-weak-sandbox", action="store_true",
                           help="grade even where required isolation layers (course.yaml's "
                           "sandbox.required_layers) are missing; the summary says which")
    grade_all.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade_all.set_defaults(run=run_grade_all)

    report = subparsers.add_parser(
        "report",
        help="class report (HTML and terminal) from a grade-all results folder",
        description="Write a self-contained HTML class report (grade distribution, per-function "
        "results, the most common mistakes with the students who made them, every time-out, "
        "crash and unstarted function, a sortable table of every student) and print a summary.",
    )
    report.add_argument("results_dir", type=Path, metavar="RESULTS_DIR")
    report.add_argument("--html", type=Path, default=None,
                        help="where to write the page (default: RESULTS_DIR/class_report.html)")
    report.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the report (default: the course's)")
    report.add_argument("--top", type=int, default=15,
                        help="rows of known mistakes and of other failures listed (default 15); "
                        "time-outs, crashes, missing and not-started functions are always listed")
    report.set_defaults(run=run_report)

    bundle = subparsers.add_parser(
        "gradescope-bundle",
        help="build the Gradescope autograder zip (setup.sh + run_autograder)",
        description="Build a zip to upload as a Gradescope programming assignment's autograder.",
    )
    bundle.add_argument("--out", type=Path, default=Path("autograder.zip"),
                        help="the zip to write (default: autograder.zip)")
    bundle.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the feedback (default: the course's)")
    bundle.add_argument("--module", default=None, metavar="ID",
                        help="the assignment: grade every upload on this module's functions "
                        "(e.g. module02); default: every graded function")
    bundle.add_argument("--function", action="append", dest="functions", metavar="NAME",
                        help="grade only this function (repeatable)")
    bundle.add_argument("--visible", choices=("after_published", "visible", "after_due_date"),
                        default="after_published",
                        help="when students see the hidden checks (default: after_published)")
    bundle.set_defaults(run=run_gradescope_bundle)


def assignment_functions(config, functions: list[str] | None, module: str | None,
                         assignment: str | None) -> list[str]:
    """What every student of a class is graded on: never decided by their files."""
    if functions:
        return list(functions)
    if module:
        return [fn.name for fn in config.module(module).functions]
    for candidate in config.modules:
        if assignment and assignment in (candidate.id, candidate.notebook):
            return [fn.name for fn in candidate.functions]
    return [fn.name for fn in config.functions()]


def run_grade_all(args: argparse.Namespace) -> int:
    from autograder.classroom.batch import BatchOptions, WeakSandboxError, grade_all
    from autograder.classroom.discover import SubmissionsDirError
    from autograder.classroom.progress_view import RichProgress, print_batch_summary
    from autograder.config import CourseFileError
    from autograder.sandbox.process import SandboxUnavailable

    if args.jobs < 1:
        return error("--jobs must be at least 1")
    try:
        config = load_course_option(args.course)
    except CourseFileError as exc:
        return error(str(exc))
    problem = unknown_functions(config, args.functions) or unknown_module(config, args.module)
    if problem:
        return error(problem)
    if args.out.exists() and not args.out.is_dir():
        return error(f"--out {args.out} exists and is not a folder")
    options = BatchOptions(
        submissions_dir=args.submissions_dir, results_dir=args.out, course_config=config,
        lang=args.lang or config.default_language,
        functions=assignment_functions(config, args.functions, args.module, args.assignment),
        workers=args.jobs, force=args.force, assignment=args.assignment,
        allow_weak_sandbox=args.allow_weak_sandbox,
    )
    progress = RichProgress(enabled=not args.no_progress)
    try:
        with progress:
            summary = grade_all(options, progress)
    except (SubmissionsDirError, WeakSandboxError) as exc:
        return error(str(exc))
    except SandboxUnavailable as exc:
        print(f"error: nothing was graded: the sandbox could not start here ({exc})",
              file=sys.stderr)
        return FAILED
    except OSError as exc:  # the results folder cannot even be prepared
        print(f"error: cannot write to {args.out}: {exc.strerror or exc}; nothing was graded",
              file=sys.stderr)
        return FAILED
    print_batch_summary(summary, args.out)
    if summary.interrupted:
        return INTERRUPTED
    return FAILED if summary.failed or summary.write_error else OK


def run_report(args: argparse.Namespace) -> int:
    from autograder.classroom.html_report import write_html_report
    from autograder.classroom.results import ResultsDirError, load_class
    from autograder.classroom.statistics import class_statistics
    from autograder.classroom.summary import print_summary
    from autograder.config import course
    from autograder.feedback import message

    lang = args.lang or course().default_language
    try:
        results = load_class(args.results_dir)
    except ResultsDirError as exc:
        return error(str(exc))
    stats = class_statistics(results, lang, top=max(args.top, 1))
    out = args.html or args.results_dir / "class_report.html"
    try:
        write_html_report(stats, out, lang)
    except ModuleNotFoundError as exc:
        if exc.name != "matplotlib":
            raise
        return error("the class report's plots need matplotlib: pip install -e '.[notebooks]'")
    print_summary(stats, lang)
    print(message("classroom.report.written", lang, path=out))
    return OK


def run_gradescope_bundle(args: argparse.Namespace) -> int:
    from autograder.classroom.bundle import BundleError, build_bundle
    from autograder.config import course

    problem = unknown_functions(course(), args.functions) or unknown_module(course(), args.module)
    if problem:
        return error(problem)
    if args.out.suffix != ".zip":
        return error(f"--out must name a .zip file, got {args.out}")
    try:
        info = build_bundle(args.out, lang=args.lang, functions=args.functions,
                            visibility=args.visible, module=args.module)
    except BundleError as exc:
        return error(str(exc))
    print(f"wrote {args.out} ({info.files} files, {info.size_kb:.0f} KB); upload it as the "
          "autograder of a Gradescope programming assignment")
    return OK
