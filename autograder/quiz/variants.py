"""An item plus a seed gives a concrete question.

Static items are their own question. A parametrised item has
:data:`VARIANTS_PER_ITEM` variants; a seed picks one (:func:`variant_index`), so each
student (or seed) gets their own and the same one every time. Variant ``k`` draws its
values from a random generator seeded by ``(k, item id)``; a draw whose answer and
mistakes fall within each other's tolerance bands is redrawn, so every distractor
stays distinguishable from the answer.

A clone of the repository computes variants with :mod:`autograder.quiz.generators`
(and the reference solutions). The student package has neither: it ships every
variant precomputed when it is built (:mod:`autograder.quiz.compiled`), the same
values for the same seed, so a variant a student sees is the one the instructor
grades.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from autograder.bilingual import Bilingual
from autograder.languages import Language
from autograder.quiz.schema import Item, Numeric, check_bands

MAX_DRAWS = 200
VARIANTS_PER_ITEM = 128  # a parametrised item's variants; every one is validated


class VariantError(Exception):
    """A parametrised item whose generator could not produce a usable variant."""


def variant_rng(seed: int, item_id: str):
    """A generator that depends only on the seed and the item id (stable across runs)."""
    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).digest()
    import numpy as np  # only to draw a variant: static items and precomputed ones need none

    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def variant_index(seed: int) -> int:
    """Which of an item's variants ``seed`` gets."""
    return seed % VARIANTS_PER_ITEM


def seed_for_student(student: str) -> int:
    """A reproducible seed from a student id."""
    return int.from_bytes(hashlib.sha256(student.encode()).digest()[:4], "little")


def format_number(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    return "0" if text.strip("-0.") == "" else text


@dataclass(frozen=True)
class NumericDistractorValue:
    value: float
    feedback: Bilingual


@dataclass(frozen=True)
class Question:
    """One item as a student sees it (for a parametrised item: one variant)."""

    item: Item
    seed: int = 0
    values: dict[str, object] = field(default_factory=dict)
    answer: float | None = None
    distractors: tuple[NumericDistractorValue, ...] = ()
    choices: tuple[float, ...] = ()  # numeric items shown as choices, in display order

    @property
    def id(self) -> str:
        return self.item.id

    def text(self, text: Bilingual, lang: Language, **extra: object) -> str:
        """``text`` in ``lang``, with a parametrised item's values filled in."""
        raw = text(lang)
        if not self.item.parametrised and not extra:
            return raw
        return raw.format(**self.values, **extra)

    @property
    def correct_number(self) -> float:
        """The right answer of a numeric item (raises ``TypeError`` for any other item)."""
        if self.answer is None:
            raise TypeError(f"item {self.item.id!r} has no numeric answer")
        return self.answer

    @property
    def answer_kind(self) -> str:
        """What an answer to it is: the item's type, or ``numeric_choice`` for a numeric
        item shown as choices."""
        return "numeric_choice" if self.choices else self.item.type

    def explanation(self, lang: Language) -> str:
        """The item's explanation in ``lang``; a numeric item's may quote its ``{answer}``."""
        extra = {"answer": self.number(self.answer)} if self.answer is not None else {}
        return self.text(self.item.explanation, lang, **extra)

    def number(self, x: float) -> str:
        assert isinstance(self.item, Numeric)
        return format_number(x, self.item.decimals)

    @property
    def correct_position(self) -> int | None:
        """0-based index of the correct choice, for numeric items shown as choices."""
        if not self.choices:
            return None
        return self.choices.index(self.answer)


def make_question(item: Item, seed: int = 0) -> Question:
    """The question ``item`` becomes for ``seed`` (static items ignore the seed)."""
    if not isinstance(item, Numeric):
        return Question(item=item, seed=seed)
    if item.parametrised:
        return _drawn_question(item, seed)
    if item.answer is None:  # the schema requires it of a static item
        raise VariantError(f"static numeric item {item.id!r} has no answer")
    return Question(
        item=item,
        seed=seed,
        answer=float(item.answer),
        distractors=tuple(  # a static item's distractors all have a value (schema)
            NumericDistractorValue(float(d.value), d.feedback)
            for d in item.distractors if d.value is not None
        ),
    )


def _drawn_question(item: Numeric, seed: int) -> Question:
    """The variant of a parametrised item that ``seed`` gets."""
    drawn = draw(item, variant_index(seed))
    return Question(
        item=item,
        seed=seed,
        values=drawn["values"],
        answer=drawn["answer"],
        distractors=tuple(NumericDistractorValue(drawn["mistakes"][d.mistake], d.feedback)
                          for d in item.distractors),
        choices=tuple(drawn["choices"]),
    )


# Variants computed when the student package was built: item id -> one entry per variant.
PRECOMPUTED: dict[str, list[dict]] = {}


def draw(item: Numeric, index: int) -> dict:
    """Variant ``index`` of a parametrised item: ``values``, ``answer``, ``mistakes`` (name
    -> value) and ``choices`` (the shown order, for ``present_as: choice``).

    Raises:
        VariantError: the generator cannot make a usable variant (or is unknown).
    """
    if item.id in PRECOMPUTED:
        return PRECOMPUTED[item.id][index]
    from autograder.quiz.generators import GENERATORS  # the reference solutions compute them

    generate = GENERATORS.get(item.generator) if item.generator is not None else None
    if generate is None:
        raise VariantError(f"unknown generator {item.generator!r}")
    rng = variant_rng(index, item.id)
    last_problem = ""
    for _ in range(MAX_DRAWS):
        drawn = generate(rng, item.params)
        missing = [d.mistake for d in item.distractors if d.mistake not in drawn.mistakes]
        if missing:
            raise VariantError(
                f"generator {item.generator!r} computes no mistake named {missing}; "
                f"it knows {sorted(drawn.mistakes)}"
            )
        mistakes = {d.mistake: float(drawn.mistakes[d.mistake]) for d in item.distractors
                    if d.mistake is not None}  # (none is: it would be missing above)
        try:
            check_bands(drawn.answer, list(mistakes.values()), item.tolerance,
                        item.relative_tolerance)
        except ValueError as exc:
            last_problem = str(exc)
            continue
        choices: list[float] = []
        if item.present_as == "choice":
            values = [drawn.answer, *mistakes.values()]
            choices = [values[i] for i in rng.permutation(len(values))]
        return {"values": dict(drawn.values), "answer": float(drawn.answer),
                "mistakes": mistakes, "choices": choices}
    raise VariantError(f"no usable variant in {MAX_DRAWS} draws (last: {last_problem})")


def distinct_variants(item: Item, count: int, max_seeds: int = 1000) -> list[Question]:
    """Up to ``count`` variants of ``item`` with different values (seeds 0, 1, 2, ...)."""
    found: dict[str, Question] = {}
    for seed in range(max_seeds):
        question = make_question(item, seed)
        found.setdefault(repr(sorted(question.values.items())), question)
        if len(found) == count or not item.parametrised:
            break
    return list(found.values())
