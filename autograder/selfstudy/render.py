"""The text ``check("softmax")`` prints: one summary line, then one line per check.

The summary line starts with its status mark (✅ ❌ ⏳ ❓ ⚠️) so that it reads
well anywhere. Colour comes from rich as ANSI codes on standard output, which
Jupyter renders in colour; it is on in an IPython kernel or a terminal and off
otherwise (a plain log gets plain text). Without rich, plain ``print``.
"""

from __future__ import annotations

import sys
from typing import TextIO

from autograder.feedback import message
from autograder.report import TestResult
from autograder.selfstudy.verdicts import FunctionVerdict

STATE_MESSAGES = {
    "done": "selfstudy.check.passed",
    "wrong": "selfstudy.check.failed",
    "not_started": "selfstudy.check.not_started",
    "missing": "selfstudy.check.missing",
    "no_checks": "selfstudy.check.no_checks",
}
STATE_STYLES = {"done": "bold green", "wrong": "bold red", "not_started": "bold yellow"}


def lines(result: FunctionVerdict, lang: str) -> list[tuple[str, str]]:
    """``(text, style)`` lines for one function's check result."""
    summary = message(STATE_MESSAGES[result.state], lang, function=result.function,
                      passed=result.passed, total=len(result.checks))
    if result.state == "not_started" and result.failures[0].feedback_key != "error.not_started":
        summary = f"⏳ {result.failures[0].output}"  # it calls a function not started yet
    found = [(summary, STATE_STYLES.get(result.state, "bold"))]
    if result.state in ("done", "wrong"):  # "not started" is one line, not one per check
        found += check_lines(result.checks)
    return found + [(f"  {note}", "cyan") for note in result.notes]


def check_lines(checks: list[TestResult]) -> list[tuple[str, str]]:
    """``✓ title`` / ``✗ title`` per check, each failure followed by its feedback.

    Feedback already shown (a time-out fails every check the same way) is not repeated.
    """
    found: list[tuple[str, str]] = []
    shown: set[str] = set()
    for test in checks:
        if test.status == "passed":
            found.append((f"  ✓ {test.title}", "green"))
            continue
        found.append((f"  ✗ {test.title}", "red"))
        if test.output not in shown:
            shown.add(test.output)
            found += [(f"      {line}", "") for line in test.output.splitlines()]
    return found


def show(text_lines: list[tuple[str, str]], file: TextIO | None = None) -> None:
    """Print the lines, coloured when the output shows colours."""
    file = file or sys.stdout
    try:
        from rich.console import Console
        from rich.text import Text
    except ImportError:
        for text, _ in text_lines:
            print(text, file=file)
        return
    colour = _shows_colour(file)
    console = Console(file=file, force_jupyter=False, force_terminal=colour,
                      color_system="standard" if colour else None, soft_wrap=True,
                      highlight=False, emoji=False)
    for text, style in text_lines:
        if text.startswith(" "):
            console.print(Text(text, style=style))
        else:  # the status mark stays first, before any colour code
            mark, space, rest = text.partition(" ")
            console.print(Text.assemble(mark + space, (rest, style)))


def _shows_colour(file: TextIO) -> bool:
    if _in_ipython_kernel():
        return True
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


def _in_ipython_kernel() -> bool:
    shell = sys.modules.get("IPython")
    try:
        ip = shell.get_ipython() if shell else None
    except Exception:
        return False
    return ip is not None and hasattr(ip, "kernel")
