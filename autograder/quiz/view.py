"""A question as the learner sees it in ``quiz take``: texts and choices, never the key.

:func:`view_of` makes the view of a :class:`~autograder.quiz.variants.Question` (a
bank with its keys: answers are recorded with the bank's letters). The graded-mode
student package ships only views (:mod:`autograder.quiz.compiled`), whose choices are
named by :func:`fingerprint`, a short hash of their text: their order in the package
is sorted by it, so it tells nothing of which is right or of the correct order, and
the instructor's grader maps fingerprints back to the bank's letters
(:func:`to_bank_keys`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from autograder.bilingual import Bilingual
from autograder.quiz.item_types import ByItemType
from autograder.quiz.schema import (
    OPTION_KEYS,
    Item,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

FINGERPRINT_PREFIX = "#"


@dataclass(frozen=True)
class QuestionView:
    """What ``quiz take`` shows of one question, in one language.

    ``choices`` are ``(key, text)`` of options (single choice, multiple response), steps
    (ordering) or right-hand sides (matching); a key is what the answers file records.
    """

    id: str
    section: str
    type: str
    prompt: str
    seed: int
    choices: tuple[tuple[str, str], ...] = ()
    lefts: tuple[str, ...] = ()  # matching: the left-hand sides, keyed a, b, c...
    numbers: tuple[str, ...] = ()  # a numeric item shown as choices: the numbers as shown
    values: tuple[float, ...] = field(default=(), repr=False)  # ...and their values

    def display_order(self, n: int) -> list[int]:
        """Indices of ``n`` choices in the order they are shown (seeded, reproducible)."""
        return shuffled(self.seed, self.id, n)


def shuffled(seed: int, item_id: str, n: int) -> list[int]:
    """``0..n-1`` in the order a question's choices are shown for ``seed``."""
    digest = hashlib.sha256(f"{seed}:{item_id}:display".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest[:8], "little")).shuffle(order)
    return order


def display_order(question, n: int) -> list[int]:
    """The display order of a Question's ``n`` choices (exports show the same order)."""
    return shuffled(question.seed, question.id, n)


def fingerprint(item_id: str, text: str) -> str:
    """The name of a choice in a graded answers file: a hash of its (English) text."""
    digest = hashlib.sha256(f"{item_id}\0{text}".encode()).hexdigest()
    return FINGERPRINT_PREFIX + digest[:10]


def view_of(question, lang: str) -> QuestionView:
    """The view of ``question`` (a Question: a bank item with its variant) in ``lang``."""
    item: Item = question.item
    base = {"id": item.id, "section": item.section, "type": item.type, "seed": question.seed,
            "prompt": question.text(item.prompt, lang)}
    return QuestionView(**base, **VIEWS.of(item)(item, question, lang))


def _lettered(question, texts: list[Bilingual], lang: str) -> dict:
    """Choices keyed a, b, c... in the bank's order."""
    return {"choices": tuple((OPTION_KEYS[i], question.text(text, lang))
                             for i, text in enumerate(texts))}


def _options_view(item: SingleChoice | MultipleResponse, question, lang: str) -> dict:
    return _lettered(question, [o.text for o in item.options], lang)


def _ordering_view(item: Ordering, question, lang: str) -> dict:
    return _lettered(question, [s.text for s in item.steps], lang)


def _matching_view(item: Matching, question, lang: str) -> dict:
    """The left-hand sides keyed a, b, c...; the right-hand sides (the choices) 1, 2, 3..."""
    return {"lefts": tuple(question.text(p.left, lang) for p in item.pairs),
            "choices": tuple((str(i + 1), question.text(p.right, lang))
                             for i, p in enumerate(item.pairs))}


def _numeric_view(item: Numeric, question, lang: str) -> dict:
    """A numeric item shown as choices lists its numbers; one answered with a number, none."""
    if not question.choices:
        return {}
    return {"numbers": tuple(question.number(v) for v in question.choices),
            "values": tuple(question.choices)}


def _prompt_only(item: Item, question, lang: str) -> dict:
    return {}


# item type -> the fields of its view besides those every view has
VIEWS: ByItemType[Callable[..., dict]] = ByItemType("question view", {
    SingleChoice: _options_view,
    MultipleResponse: _options_view,
    TrueFalse: _prompt_only,
    Numeric: _numeric_view,
    Ordering: _ordering_view,
    Matching: _matching_view,
    ShortAnswer: _prompt_only,
})


def to_bank_keys(item: Item, raw):
    """An answer recorded with fingerprints (graded mode), in the bank's letters; any other
    answer as it is."""
    if not _has_fingerprints(raw):
        return raw
    return BANK_KEYS.of(item)(item, raw)


def _letters(item_id: str, texts: list[Bilingual], raw):
    """A key or a list of keys named by fingerprints, in the bank's letters."""
    names = {fingerprint(item_id, text.en): OPTION_KEYS[i] for i, text in enumerate(texts)}
    if isinstance(raw, str):
        return names.get(raw, raw)
    if isinstance(raw, list):
        return [names.get(v, v) if isinstance(v, str) else v for v in raw]
    return raw


def _options_keys(item: SingleChoice | MultipleResponse, raw):
    return _letters(item.id, [o.text for o in item.options], raw)


def _ordering_keys(item: Ordering, raw):
    return _letters(item.id, [s.text for s in item.steps], raw)


def _matching_keys(item: Matching, raw):
    """A mapping left key -> right-hand side named by its fingerprint, with numbers instead."""
    if not isinstance(raw, dict):
        return raw
    numbers = {fingerprint(item.id, p.right.en): i + 1 for i, p in enumerate(item.pairs)}
    return {left: numbers.get(right, right) for left, right in raw.items()}


def _as_given(item: Item, raw):
    return raw


# item type -> its answer with fingerprints replaced by the bank's keys
BANK_KEYS: ByItemType[Callable[..., object]] = ByItemType("bank keys", {
    SingleChoice: _options_keys,
    MultipleResponse: _options_keys,
    TrueFalse: _as_given,
    Numeric: _as_given,
    Ordering: _ordering_keys,
    Matching: _matching_keys,
    ShortAnswer: _as_given,
})


def _has_fingerprints(raw) -> bool:
    values = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else [raw]
    return any(isinstance(v, str) and v.startswith(FINGERPRINT_PREFIX) for v in values)
