"""A self-study learner's progress, as the lines ``progress`` prints.

For each module: its functions (done / wrong / not started), checked in the
grader's sandbox with the public checks (``--full``: the hidden suite), each in its
notebook's own language; the quiz sections attempted and their scores; then the one
next step, with a command that runs as printed from the learner's current folder.
"Not started yet" is not a failure: it is the next thing to write.
(The command, :mod:`autograder.commands.progress`, reads the arguments and prints.)
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.languages import Language

if TYPE_CHECKING:
    from autograder.config import Course

STATE_MARKS = {"done": "✅", "wrong": "❌", "not_started": "⏳", "missing": "❓", "no_checks": "·"}
STATE_STYLES = {"done": "green", "wrong": "red", "not_started": "yellow", "missing": "yellow"}


def progress_lines(config: Course, paths: list[Path], tests_dir: Path, full: bool,
                   lang: Language | None,
                   quiz_answers: list[Path] | None) -> list[tuple[str, str]]:
    """``(text, style)`` lines of the whole progress report.

    Args:
        lang: the language asked for; None for each notebook's own (the report's other
            lines then use the notebooks' common language, else the course's).
    """
    from autograder.feedback import message
    from autograder.selfstudy.course_notebooks import find_notebooks
    from autograder.selfstudy.quiz_attempts import answers_files, quiz_answers_dir

    notebooks, missing_paths, duplicates = find_notebooks(paths, config)
    loadings = _start_loading(notebooks, config)
    languages = {nb.language for nb in notebooks.values() if nb.language}
    shown_lang = lang or (languages.pop() if len(languages) == 1 else config.default_language)
    suite = message("selfstudy.suite.hidden" if full else "selfstudy.suite.public", shown_lang)
    out = [(message("selfstudy.progress.title", shown_lang, suite=suite), "bold")]
    out += [(message("selfstudy.progress.notebook_missing", shown_lang, path=_shown(p)), "red")
            for p in missing_paths]
    quizzes, quiz_lines = _quizzes(answers_files(quiz_answers), shown_lang)
    next_step = None
    for module in config.modules:
        out.append(("", ""))
        out.append((f"{module.title(shown_lang)} ({module.id})", "bold"))
        notebook = notebooks.get(module.id)
        if notebook is None:
            expected = paths[0] / f"{module.notebook}.ipynb" if paths[0].is_dir() else paths[0]
            out.append(("  " + message("selfstudy.progress.notebook_missing", shown_lang,
                                       path=_shown(expected)), "red"))
            continue
        notebook_lang = lang or notebook.language or shown_lang
        out.append((f"  {_shown(notebook.path)}", "dim"))
        for other in duplicates.get(module.id, []):
            out.append(("  ⚠️ " + message("selfstudy.progress.duplicate", notebook_lang,
                                          path=_shown(other), chosen=_shown(notebook.path)),
                        "yellow"))
        results, lines = _module_lines(config, module, notebook.path, tests_dir, notebook_lang,
                                       loadings.get(module.id))
        out += lines
        if results is None:
            continue
        if quizzes is not None:
            out += _quiz_section_lines(quizzes, module.id, shown_lang)
        next_step = next_step or _next_step(module, notebook.path, results, quizzes, full,
                                            shown_lang)
    if quizzes is None or quiz_lines:
        out.append(("", ""))
        out.append((message("selfstudy.progress.quizzes", shown_lang), "bold"))
        out += quiz_lines
    if quizzes is None:
        out.append(("  " + message("selfstudy.progress.no_quiz_attempts", shown_lang,
                                   directory=_shown(quiz_answers_dir())), "dim"))
    out.append(("", ""))
    final = next_step or (
        message("selfstudy.progress.all_done_full", shown_lang) if full
        else message("selfstudy.progress.all_done", shown_lang,
                     command=progress_command(full=True)))
    out.append((f"{message('selfstudy.progress.next', shown_lang)}: {final}", "bold cyan"))
    return out


def _start_loading(notebooks: dict, config) -> dict:
    """Every notebook loading in its sandbox at once, in the background (module id ->
    :class:`autograder.loading.Loading`): they wait for their student processes together."""
    from autograder.loading import start

    return {module_id: start(notebook.path, config, module=module_id)
            for module_id, notebook in notebooks.items()}


def _module_lines(config, module, path: Path, tests_dir: Path, lang: str, loading=None):
    """The verdicts of ``module``'s functions in the notebook at ``path`` and their lines."""
    from autograder.engine import grade_path
    from autograder.feedback import message
    from autograder.hints import builds_on_hint, foundations_to_fix
    from autograder.selfstudy.verdicts import verdicts

    names = [fn.name for fn in module.functions]
    try:
        report = grade_path(path, lang=lang, functions=names, course_config=config,
                            tests_dir=tests_dir, hints=False, loading=loading)
    except Exception as exc:  # report it and go on with the other modules
        return None, [("  " + message("selfstudy.progress.notebook_failed", lang,
                                      path=_shown(path),
                                      error=f"{type(exc).__name__}: {exc}"), "red")]
    results = verdicts(report, names)
    states = {name: result.state for name, result in results.items()}
    width = max(len(n) for n in names)
    lines = []
    for name, result in results.items():
        state = message(f"selfstudy.progress.state.{result.state}", lang)
        counts = ""
        if result.state in ("done", "wrong"):
            counts = message("selfstudy.progress.checks_passed", lang,
                             passed=result.passed, total=len(result.checks))
        lines.append((f"  {STATE_MARKS[result.state]} {name:<{width}}  {state:<12} {counts}"
                      .rstrip(), STATE_STYLES.get(result.state, "")))
        detail = []
        if result.state == "missing" or (
            result.state == "not_started"
            and result.failures[0].feedback_key != "error.not_started"
        ):
            detail.append(result.failures[0].output)  # the real cause, or the stub it calls
        foundations = foundations_to_fix(name, states, config)
        if foundations:
            detail.append(builds_on_hint(name, foundations, lang))
        lines += [(f"      {text}", "dim") for text in detail]
    return results, lines


def _quiz_section_lines(quizzes, module_id: str, lang: str) -> list[tuple[str, str]]:
    from autograder.feedback import message, plural

    lines = []
    for score in quizzes.attempted(module_id):
        if score.max_score is None:  # graded by the instructor: no key here
            text = message("selfstudy.progress.quiz_section_recorded", lang,
                           section=score.title, answered=score.answered, items=score.items)
        else:
            text = message("selfstudy.progress.quiz_section", lang, section=score.title,
                           score=f"{score.score:g}", max_score=f"{score.max_score:g}",
                           answered=score.answered, items=score.items)
        lines.append(("  📝 " + text, ""))
    left = len(quizzes.unattempted(module_id))
    if left:
        lines.append(("  📝 " + plural("selfstudy.progress.quiz_not_attempted", left, lang),
                      "dim"))
    return lines


def _quizzes(files: list[Path], lang: Language):
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


def _next_step(module, path: Path, results: dict, quizzes, full: bool, lang: str
               ) -> str | None:
    """The first function of ``module`` that is not done, else its quiz, else None."""
    from autograder.feedback import message

    for name, result in results.items():
        if result.state in ("done", "no_checks"):
            continue
        command = pytest_command(path, name, full)
        key = "selfstudy.progress.next_start" if result.state == "not_started" else (
            "selfstudy.progress.next_fix")
        return message(key, lang, function=name, notebook=_shown(path), command=command)
    if quizzes is None or quizzes.unattempted(module.id):
        return message("selfstudy.progress.next_quiz", lang, module=module.title(lang),
                       command=quiz_command(module.id, lang))
    return None


def pytest_command(notebook: Path, function: str, full: bool = False) -> str:
    """``.venv/bin/pytest exercises/en/module02_attention.ipynb::softmax`` as it runs from
    the current folder: this interpreter's own pytest, never whichever is on PATH."""
    script = Path(sys.executable).with_name("pytest")
    runner = [_program(script)] if os.access(script, os.X_OK) else [
        _program(Path(sys.executable)), "-m", "pytest"]
    words = [*runner, f"{_shown(notebook)}::{function}", *(["--full"] if full else [])]
    return " ".join(shlex.quote(w) for w in words)


def quiz_command(module_id: str, lang: str) -> str:
    """The ``quiz take`` command for ``module_id`` that saves where ``progress`` looks."""
    from autograder.selfstudy.quiz_attempts import quiz_answers_dir

    answers = quiz_answers_dir() / f"{module_id}.yaml"
    words = [_program(Path(sys.executable)), "-m", "autograder", "quiz", "take", "--module",
             module_id, "--lang", lang, "--save", _shown(answers)]
    return " ".join(shlex.quote(w) for w in words)


def progress_command(full: bool = False) -> str:
    words = [_program(Path(sys.executable)), "-m", "autograder", "progress",
             *(["--full"] if full else [])]
    return " ".join(shlex.quote(w) for w in words)


def _program(path: Path) -> str:
    """A program's path as typed from the current folder (``./x``, never a bare ``x``,
    which the shell would look up on PATH)."""
    shown = _shown(path)
    return shown if os.sep in shown else f".{os.sep}{shown}"


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
