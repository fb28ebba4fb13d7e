"""The engine's own learner-facing texts (``messages.yaml``), in both languages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from autograder.config import Language

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


@cache
def _messages() -> dict:
    from autograder.yamlfast import load_yaml

    return load_yaml(MESSAGES_FILE.read_text(encoding="utf-8"))


def message(name: str, lang: Language, **values: object) -> str:
    """The text ``name`` (dotted for nested keys) in ``lang``, formatted with ``values``."""
    node = _messages()
    for part in name.split("."):
        node = node[part]
    return node[lang].format(**values)


def plural(name: str, count: int, lang: Language, **values: object) -> str:
    """``name.one`` when ``count`` is 1, else ``name.many``, with ``count`` filled in."""
    return message(f"{name}.{'one' if count == 1 else 'many'}", lang, count=count, **values)
