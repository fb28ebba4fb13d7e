"""Learner-facing messages in Turkish and English, from one catalog.

Every message lives once in ``autograder/messages/*.yaml`` as
``key: {en: ..., tr: ...}`` with ``{placeholders}``; code refers to keys only,
so the two languages cannot drift (a test checks that both exist and use the
same placeholders).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from autograder.paths import MESSAGES_DIR

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


@cache
def catalog(directory: Path = MESSAGES_DIR) -> dict[str, dict[str, str]]:
    """All messages: ``{key: {"en": text, "tr": text}}`` (remembered between runs)."""
    from autograder.compiled import remembered

    files = sorted(directory.rglob("*.yaml"))
    return remembered("messages", [*files, Path(__file__)], lambda: read_catalog(files))


def read_catalog(files: list[Path]) -> dict[str, dict[str, str]]:
    """The messages of ``files``, merged.

    Raises:
        ValueError: a key is defined twice.
    """
    from autograder.yamlfast import load_yaml

    merged: dict[str, dict[str, str]] = {}
    for path in files:
        for key, texts in (load_yaml(path.read_text(encoding="utf-8")) or {}).items():
            if key in merged:
                raise ValueError(f"{path.name}: message {key!r} is defined twice")
            merged[key] = texts
    return merged


def message(key: str, lang: str, **params) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in."""
    texts = catalog().get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts["en"]
    return template.format_map(_Params({k: _term(v, lang) for k, v in params.items()}))


def plural(key: str, count: int, lang: str, **params) -> str:
    """The text of ``key.one`` (``count`` is 1) or ``key.many``, with ``count`` filled in."""
    return message(f"{key}.{'one' if count == 1 else 'many'}", lang, count=count, **params)


def _term(value, lang: str):
    """Translate a parameter that names a part of an answer (``term.<name>``)."""
    if isinstance(value, str) and f"term.{value}" in catalog():
        return catalog()[f"term.{value}"][lang]
    return value


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
    return key in catalog()


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Params(dict):
    """Leaves an unknown placeholder visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
