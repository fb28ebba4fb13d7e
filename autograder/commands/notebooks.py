"""``build-notebooks`` and ``nbgrader-course``: the notebook commands.

    python -m autograder build-notebooks [--lang tr|en|all] [--no-release]
    python -m autograder nbgrader-course DIR [--lang tr|en] [--force]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands._common import FAILED, LANGUAGES, OK


def register(subparsers) -> None:
    build = subparsers.add_parser(
        "build-notebooks",
        help="build the instructor notebooks from solutions/source and release them with nbgrader",
        description=(
            "Build solutions/notebooks/<lang>/*.ipynb from the bilingual sources in "
            "solutions/source, then run `nbgrader generate_assignment` on them to write "
            "the student notebooks exercises/<lang>/*.ipynb."
        ),
    )
    build.add_argument(
        "--lang", choices=[*LANGUAGES, "all"], default="all",
        help="languages to build (default: all)",
    )
    build.add_argument(
        "--no-release", action="store_true",
        help="build the instructor notebooks only (no nbgrader)",
    )
    build.set_defaults(run=run_build)

    scaffold = subparsers.add_parser(
        "nbgrader-course",
        help="create a ready nbgrader course directory (config + source assignments)",
        description=(
            "Write DIR/nbgrader_config.py and DIR/source/<assignment>/<assignment>.ipynb for "
            "every module, in one language. Then, inside DIR: nbgrader generate_assignment, "
            "release_assignment, collect, autograde, generate_feedback, export "
            "(see docs/instructor-nbgrader.md)."
        ),
    )
    scaffold.add_argument("directory", type=Path, help="the course directory to create")
    scaffold.add_argument(
        "--lang", choices=LANGUAGES, default=None,
        help="language of the notebooks and feedback (default: course.yaml's default_language)",
    )
    scaffold.add_argument(
        "--force", action="store_true", help="overwrite the config and source notebooks in DIR"
    )
    scaffold.set_defaults(run=run_scaffold)


def run_build(args: argparse.Namespace) -> int:
    from autograder.notebooks.build import BuildError, build_all
    from autograder.notebooks.release import NbgraderError, release_notebooks
    from autograder.notebooks.source import NotebookSourceError

    langs = LANGUAGES if args.lang == "all" else (args.lang,)
    try:
        for path in build_all(langs):
            print(f"built    {path}")
        if not args.no_release:
            for lang in langs:
                for path in release_notebooks(lang):
                    print(f"released {path}")
    except (BuildError, NotebookSourceError, NbgraderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    return OK


def run_scaffold(args: argparse.Namespace) -> int:
    from autograder.config import course
    from autograder.notebooks.course_dir import CourseDirError, scaffold_course

    lang = args.lang or course().default_language
    try:
        result = scaffold_course(args.directory, lang, force=args.force)
    except CourseDirError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    print(f"wrote {result.config}")
    for path in result.notebooks:
        print(f"wrote {path}")
    first = result.notebooks[0].parent.name
    print(f"next: cd {result.root} && nbgrader generate_assignment {first}")
    return OK
