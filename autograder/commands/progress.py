"""``progress [PATH ...]``: a self-study learner's progress and what to do next.

For each module: its functions (done / wrong / not started), checked in the
grader's sandbox with the public checks (``--full``: the hidden suite); the
quiz sections attempted and their scores; then the one next step.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.paths import REPO_ROOT

STATE_MARKS = {"done": "✅", "wrong": "❌", "not_started": "⏳", "missing": "❓", "no_checks": "·"}
STATE_STYLES = {"done": "green", "wrong": "red", "not_started": "yellow", "missing": "yellow"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="show your progress: functions done, quiz scores, what to do next",
        description="Check your exercise notebooks (by default those in exercises/<lang>/) "
        "and your quiz answers, and say what to do next.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="notebooks or folders of notebooks (default: exercises/<lang>/)")
    parser.add_argument("--lang", choices=("tr", "en"), default=None,
                        help="language (default: course.yaml's default_language)")
    parser.add_argument("--full", action="store_true",
                        help="use the complete hidden suite instead of the public checks")
    parser.add_argument("--quiz-answers", action="append", type=Path, default=None,
                        metavar="FILE", help="a quiz answers file (repeatable; default: the "
                        "files in quizzes/answers/)")
    parser.add_argument("--course", type=Path, default=None,
                        help="use this course file instead of the repository's course.yaml")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.sandbox import zygote

    if zygote.supported():
        zygote.get()  # boots while the grader imports what it needs
    from autograder.config import CourseFileError, course, load_course
    from autograder.selfstudy.suites import HiddenSuiteMissing, suite_dir

    try:
        config = load_course(args.course) if args.course else course()
        tests_dir = suite_dir(full=args.full)
    except (CourseFileError, HiddenSuiteMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    lang = args.lang or config.default_language
    paths = args.paths or [REPO_ROOT / "exercises" / lang]
    lines = progress_lines(config, paths, tests_dir, args.full, lang, args.quiz_answers)
    _show(lines)
    return 0


def progress_lines(config, paths: list[Path], tests_dir: Path, full: bool, lang: str,
                   quiz_answers: list[Path] | None) -> list[tuple[str, str]]:
    """``(text, style)`` lines of the whole progress report."""
    from autograder.engine import grade_path
    from autograder.feedback import message
    from autograder.selfstudy.course_notebooks import find_notebooks
    from autograder.selfstudy.quiz_attempts import QUIZ_ANSWERS_DIR, answers_files
    from autograder.selfstudy.verdicts import verdicts

    notebooks, missing_paths = find_notebooks(paths, config)
    suite = message("selfstudy.suite.hidden" if full else "selfstudy.suite.public", lang)
    out = [(message("selfstudy.progress.title", lang, suite=suite), "bold")]
    out += [(message("selfstudy.progress.notebook_missing", lang, path=_shown(p)), "red")
            for p in missing_paths]
    quizzes, quiz_lines = _quizzes(answers_files(quiz_answers), lang)
    next_step = None
    for module in config.modules:
        out.append(("", ""))
        out.append((f"{module.title(lang)} ({module.id})", "bold"))
        notebook = notebooks.get(module.id)
        names = [fn.name for fn in module.functions]
        if notebook is None:
            expected = paths[0] / f"{module.notebook}.ipynb" if paths[0].is_dir() else paths[0]
            out.append(("  " + message("selfstudy.progress.notebook_missing", lang,
                                       path=_shown(expected)), "red"))
            continue
        out.append((f"  {_shown(notebook.path)}", "dim"))
        try:
            report = grade_path(notebook.path, lang=lang, functions=names,
                                course_config=config, tests_dir=tests_dir)
        except Exception as exc:  # report it and go on with the other modules
            out.append(("  " + message("selfstudy.progress.notebook_failed", lang,
                                       path=_shown(notebook.path),
                                       error=f"{type(exc).__name__}: {exc}"), "red"))
            continue
        results = verdicts(report, names)
        width = max(len(n) for n in names)
        for name, result in results.items():
            state = message(f"selfstudy.progress.state.{result.state}", lang)
            counts = ""
            if result.state in ("done", "wrong"):
                counts = message("selfstudy.progress.checks_passed", lang,
                                 passed=result.passed, total=len(result.checks))
            out.append((f"  {STATE_MARKS[result.state]} {name:<{width}}  {state:<12} {counts}"
                        .rstrip(), STATE_STYLES.get(result.state, "")))
        if quizzes is not None:
            for score in quizzes.attempted(module.id):
                out.append(("  📝 " + message(
                    "selfstudy.progress.quiz_section", lang, section=score.title,
                    score=f"{score.score:g}", max_score=f"{score.max_score:g}",
                    answered=score.answered, items=score.items), ""))
            left = len(quizzes.unattempted(module.id))
            if left:
                out.append(("  📝 " + message("selfstudy.progress.quiz_not_attempted", lang,
                                              count=left), "dim"))
        next_step = next_step or _next_step(module, notebook.path, results, quizzes, lang)
    if quizzes is None or quiz_lines:
        out.append(("", ""))
        out.append((message("selfstudy.progress.quizzes", lang), "bold"))
        out += quiz_lines
    if quizzes is None:
        out.append(("  " + message("selfstudy.progress.no_quiz_attempts", lang,
                                   directory=_shown(QUIZ_ANSWERS_DIR)), "dim"))
    out.append(("", ""))
    final = next_step or message("selfstudy.progress.all_done", lang)
    out.append((f"{message('selfstudy.progress.next', lang)}: {final}", "bold cyan"))
    return out


def _quizzes(files: list[Path], lang: str):
    """The quiz progress (None when there is no attempt) and lines about problems."""
    from autograder.feedback import message
    from autograder.quiz.bank import BankError
    from autograder.selfstudy.quiz_attempts import quiz_progress

    if not files:
        return None, []
    try:
        progress = quiz_progress(files, lang)
    except BankError as exc:
        return None, [("  " + message("selfstudy.progress.quiz_file_failed", lang,
                                      path="quiz bank", error=str(exc)[:500]), "red")]
    lines = [("  " + message("selfstudy.progress.quiz_file_failed", lang, path=_shown(path),
                             error=error), "red") for path, error in progress.problems]
    return progress, lines


def _next_step(module, path: Path, results: dict, quizzes, lang: str) -> str | None:
    """The first function of ``module`` that is not done, else its quiz, else None."""
    from autograder.feedback import message

    for name, result in results.items():
        if result.state in ("done", "no_checks"):
            continue
        command = f"pytest {_shown(path)}::{name}"
        key = "selfstudy.progress.next_fix" if result.state == "wrong" else (
            "selfstudy.progress.next_start")
        return message(key, lang, function=name, notebook=_shown(path), command=command)
    if quizzes is None or quizzes.unattempted(module.id):
        quiz = ", ".join(module.quizzes) or module.id
        return message("selfstudy.progress.next_quiz", lang, module=module.title(lang), quiz=quiz)
    return None


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _show(lines: list[tuple[str, str]]) -> None:
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
