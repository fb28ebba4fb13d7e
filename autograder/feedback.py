"""Learner-facing messages in Turkish and English, from one catalog.

Every message lives once in ``autograder/messages/*.yaml`` as
``key: {en: ..., tr: ...}`` with ``{placeholders}``; code refers to keys only,
so the two languages cannot drift. The catalog is :data:`autograder.texts.FEEDBACK`
(one catalog type for every text; tests/engine/test_texts.py checks them all); this
module gives its lookups their short names.
"""

from __future__ import annotations

from autograder.texts import FEEDBACK, MissingText, placeholders

__all__ = ["STUDENT_TEXT_LIMIT", "Feedback", "MissingText", "cap", "catalog", "has", "message",
           "placeholders", "plural"]

# Text the student controls (an exception's message, a code location, printed output)
# is quoted in feedback up to this many characters: enough to recognise it, too few
# to carry the hidden inputs out in bulk.
STUDENT_TEXT_LIMIT = 300


class Feedback(Exception):
    """A check failed; ``key`` names the message that explains it to the student."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.params)


def catalog() -> dict[str, dict[str, str]]:
    """All messages: ``{key: {"en": text, "tr": text}}`` (remembered between runs)."""
    return FEEDBACK.texts


def message(key: str, lang: str, **params: object) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in.

    Raises:
        MissingText: no message has this key.
    """
    return FEEDBACK.text(key, lang, **params)


def plural(key: str, count: int, lang: str, **params: object) -> str:
    """The text of ``key.one`` (``count`` is 1) or ``key.many``, with ``count`` filled in."""
    return FEEDBACK.plural(key, count, lang, **params)


def cap(text: str, lang: str, limit: int = STUDENT_TEXT_LIMIT, keep: str = "head") -> str:
    """``text`` cut to at most ``limit`` of its characters, saying how many were left out.

    Args:
        keep: ``"head"`` keeps the beginning, ``"tail"`` the end (a traceback's
            innermost frames).
    """
    text = str(text)
    if len(text) <= limit:
        return text
    note = message("feedback.cut", lang, count=len(text) - limit)
    return f"{text[:limit]} {note}" if keep == "head" else f"{note} {text[-limit:]}"


def has(key: str) -> bool:
    return FEEDBACK.has(key)
