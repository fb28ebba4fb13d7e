"""The "fix the function it builds on first" hint, wherever feedback is shown.

``course.yaml`` says which graded functions an exercise tells students to reuse
(``builds_on``). When a function fails for real (a wrong answer, not "not started
yet") and some of those fail for real too, the feedback suggests fixing them first.
The grader's report, ``check(...)``, ``pytest`` and ``progress`` all use
:func:`foundations_to_fix` and :func:`builds_on_hint`, so the hint reads the same
everywhere, for one function or several, in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograder.config import Course
from autograder.feedback import message, plural

# A verdict state (autograder.selfstudy.verdicts) that is a failure for real.
FAILING = "wrong"


def foundations_to_fix(function: str, states: Mapping[str, str], config: Course) -> list[str]:
    """The functions ``function`` builds on that fail for real, when it fails for real too.

    Args:
        states: verdict state per function (``done``, ``wrong``, ``not_started``...);
            functions not in it are unknown and never named.
    """
    if states.get(function) != FAILING:
        return []
    return [name for name in config.builds_on(function) if states.get(name) == FAILING]


def builds_on_hint(function: str, foundations: list[str], lang: str) -> str:
    """The hint for ``function`` and its failing ``foundations`` (at least one)."""
    return plural("hint.builds_on", len(foundations), lang, function=function,
                  foundations=join_names(foundations, lang))


def join_names(names: list[str], lang: str) -> str:
    """```a```, ```a`` and ``b```, ```a``, ``b`` and ``c``` (in ``lang``)."""
    quoted = [f"`{name}`" for name in names]
    if len(quoted) < 2:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {message('word.and', lang)} {quoted[-1]}"
