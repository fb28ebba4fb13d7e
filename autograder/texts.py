"""The bilingual text catalogs: every learner-facing text of the code, in Turkish and English.

A catalog is one YAML file or a folder of them. Each text is a mapping with exactly
the keys ``tr`` and ``en``; other mappings group texts, and a text's key is the
dotted path to it (``status.passed`` written flat, ``expected.numeric`` written
nested: both read the same). Templates use ``{placeholders}``; a text with two forms
by count is two texts, ``<key>.one`` and ``<key>.many`` (:meth:`Catalog.plural`).

One behaviour everywhere: a catalog is read once, checked (both languages, non-empty
text, no key twice; errors name file and line) and remembered between runs
(:mod:`autograder.compiled`, keyed by the files' content); looking up a key that does
not exist raises :class:`MissingText` (the tests find every key the code uses, so it
never reaches a learner); a placeholder without a value stays visible as
``{name}``. The catalogs are listed in :data:`CATALOGS`; a test checks each for tr/en
parity.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from autograder.languages import LANGUAGES
from autograder.paths import MESSAGES_DIR, PACKAGE_DIR
from autograder.yamlfile import YamlFileError

Texts = dict[str, dict[str, str]]  # key -> {"tr": text, "en": text}


class MissingText(KeyError):
    """A key that is in no catalog: a defect of the code, never shown to a learner."""


class CatalogError(YamlFileError):
    """A catalog file is invalid; the message names file and line."""


class Catalog:
    """One bilingual catalog.

    Attributes:
        name: what it is (also its cache entry's name).
        path: a YAML file, or a folder whose ``*.yaml`` files (at any depth) are merged.
        terms: a parameter whose value ``v`` has a text ``term.v`` is translated (the
            feedback names parts of an answer, ``weights``, in the learner's language).
    """

    # A plain class, not a dataclass: ``dataclasses`` imports ``inspect``, which would cost
    # every command that prints a message about 10 ms.
    def __init__(self, name: str, path: Path, *, terms: bool = False) -> None:
        self.name = name
        self.path = path
        self.terms = terms
        self._texts: Texts | None = None

    def __repr__(self) -> str:
        return f"Catalog({self.name!r}, {str(self.path)!r})"

    def files(self) -> list[Path]:
        return sorted(self.path.rglob("*.yaml")) if self.path.is_dir() else [self.path]

    @property
    def texts(self) -> Texts:
        """Every text, by dotted key (read once, remembered between runs)."""
        if self._texts is None:
            from autograder.compiled import remembered

            files = self.files()
            self._texts = remembered(f"texts-{self.name}", [*files, Path(__file__)],
                                     lambda: read_catalog(files))
        return self._texts

    def has(self, key: str) -> bool:
        return key in self.texts

    def text(self, key: str, lang: str, **params: object) -> str:
        """The text of ``key`` in ``lang`` with ``params`` filled in.

        Raises:
            MissingText: no text has this key.
        """
        texts = self.texts.get(key)
        if texts is None:
            raise MissingText(f"no text {key!r} in the {self.name} catalog ({self.path.name})")
        template = texts.get(lang) or texts["en"]
        if self.terms:
            params = {name: self._term(value, lang) for name, value in params.items()}
        return template.format_map(_Params(params))

    def plural(self, key: str, count: int, lang: str, **params: object) -> str:
        """The text of ``key.one`` (``count`` is 1) or ``key.many``, with ``count`` filled in."""
        return self.text(f"{key}.{'one' if count == 1 else 'many'}", lang, count=count, **params)

    def _term(self, value: object, lang: str) -> object:
        """Translate a parameter that names a part of an answer (``term.<name>``)."""
        if isinstance(value, str):
            term = self.texts.get(f"term.{value}")
            if term is not None:
                return term[lang]
        return value


def read_catalog(files: list[Path]) -> Texts:
    """The texts of ``files``, merged, by dotted key.

    Raises:
        CatalogError: a file is not valid YAML, a text lacks a language or is empty,
            a key is defined twice.
    """
    from autograder.yamlfile import load, locate

    merged: Texts = {}
    where: dict[str, Path] = {}
    for path in files:
        problems: list[tuple[tuple[str, ...], str]] = []
        data = load(path, error=CatalogError)
        if data is None:
            continue
        for loc, value in _walk(data, (), problems):
            key = ".".join(loc)
            if key in merged:
                problems.append((loc, f"text {key!r} is defined twice "
                                      f"(also in {where[key].name})"))
                continue
            merged[key], where[key] = value, path
        if problems:
            lines = locate(path, [loc for loc, _ in problems])
            raise CatalogError(path, [(line, what) for line, (_, what)
                                      in zip(lines, problems, strict=True)])
    return merged


def _walk(node: Any, loc: tuple[str, ...],
          problems: list[tuple[tuple[str, ...], str]]) -> list[tuple[tuple[str, ...], dict]]:
    """The texts under ``node`` with their paths; what is wrong goes to ``problems``."""
    key = ".".join(loc) or "the file"
    if not isinstance(node, dict):
        problems.append((loc, f"{key}: expected a mapping of texts, got {type(node).__name__}"))
        return []
    if any(lang in node for lang in LANGUAGES):
        if set(node) != set(LANGUAGES):
            problems.append((loc, f"{key}: a text has exactly the keys "
                                  f"{', '.join(LANGUAGES)} (got {', '.join(map(str, node))})"))
        for lang in LANGUAGES:
            if lang in node and not (isinstance(node[lang], str) and node[lang].strip()):
                problems.append(((*loc, lang), f"{key}: the {lang!r} text is empty or not text"))
        return [(loc, {lang: node[lang] for lang in LANGUAGES})] if not problems else []
    found = []
    for name, child in node.items():
        found += _walk(child, (*loc, str(name)), problems)
    return found


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Params(dict):
    """Leaves an unknown placeholder visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# Every catalog of the package (tests/engine/test_texts.py checks each of them).
FEEDBACK = Catalog("messages", MESSAGES_DIR, terms=True)  # the grader, checks, classroom
QUIZ = Catalog("quiz", PACKAGE_DIR / "quiz" / "messages.yaml")  # the quiz engine
NOTEBOOKS = Catalog("notebooks", PACKAGE_DIR / "notebooks" / "strings.yaml")  # notebook builder
CATALOGS: tuple[Catalog, ...] = (FEEDBACK, QUIZ, NOTEBOOKS)
