"""The quiz engine's own learner-facing texts (``messages.yaml``), in both languages.

The catalog is :data:`autograder.texts.QUIZ` (one catalog type for every text); this
module gives its lookups the names the quiz code uses. Nested keys are dotted
(``expected.numeric``).
"""

from __future__ import annotations

from autograder.config import Language
from autograder.texts import QUIZ


def message(name: str, lang: Language, **values: object) -> str:
    """The text ``name`` (dotted for nested keys) in ``lang``, formatted with ``values``.

    Raises:
        autograder.texts.MissingText: no text has this key.
    """
    return QUIZ.text(name, lang, **values)


def plural(name: str, count: int, lang: Language, **values: object) -> str:
    """``name.one`` when ``count`` is 1, else ``name.many``, with ``count`` filled in."""
    return QUIZ.plural(name, count, lang, **values)
