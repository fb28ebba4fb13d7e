"""The quiz bank's schema (version 1).

A bank file is ``{schema_version: 1, module: ID, items: [...]}``; the sections
and their learning objectives live in ``quizzes/sections.yaml``. Every
learner-facing text is a ``{tr: ..., en: ...}`` pair. Checks that need more
than one item (duplicate ids, unknown sections) live in ``bank``.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    model_validator,
)

from autograder.bilingual import Bilingual
from autograder.languages import LANGUAGES, Language
from autograder.quiz.scoring import normalise

OPTION_KEYS = "abcdefghij"

Number = StrictFloat | StrictInt
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class BilingualList(Strict):
    """Accepted short answers in each language."""

    tr: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    en: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)

    def __call__(self, lang: Language) -> list[str]:
        return getattr(self, lang)


# --------------------------------------------------------------------------- sections


class Objective(Strict):
    id: ItemId
    text: Bilingual


class Section(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    module: str
    title: Bilingual
    objectives: list[Objective] = Field(min_length=1)


class SectionsFile(Strict):
    schema_version: Literal[1]
    sections: list[Section] = Field(min_length=1)


# --------------------------------------------------------------------------- items


class Option(Strict):
    """One answer option; its key (a, b, c...) is its position in the file."""

    text: Bilingual
    correct: StrictBool = False
    feedback: Bilingual = Field(description="why this option is right or wrong")


class Step(Strict):
    """One element of an ordering item, listed in the correct order."""

    text: Bilingual
    feedback: Bilingual = Field(description="why this step sits at this position")


class Pair(Strict):
    """One row of a matching item: a prompt and the answer that belongs to it."""

    left: Bilingual
    right: Bilingual
    feedback: Bilingual = Field(description="why these two belong together")


class WrongAnswer(Strict):
    """A known wrong short answer and the feedback it earns."""

    answers: BilingualList
    feedback: Bilingual


class NumericDistractor(Strict):
    """A wrong number that a known mistake produces.

    Static items give ``value``; parametrised items give ``mistake``, the name
    of a value their generator computes.
    """

    value: Number | None = None
    mistake: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    feedback: Bilingual

    @model_validator(mode="after")
    def _one_source(self) -> NumericDistractor:
        if (self.value is None) == (self.mistake is None):
            raise ValueError("a distractor gives exactly one of 'value' or 'mistake'")
        return self


class ItemBase(Strict):
    id: ItemId
    section: str
    objective: str
    points: Number = Field(1, gt=0, allow_inf_nan=False)
    difficulty: Literal["easy", "medium", "hard"]
    prompt: Bilingual
    explanation: Bilingual
    misconception: str | None = Field(
        None, description="the popular misconception this item targets, if any"
    )

    @property
    def parametrised(self) -> bool:
        return False

    def templates(self) -> list[Bilingual]:
        """Its texts that a parametrised item fills with its variant's values."""
        return [self.prompt, self.explanation]


def _no_duplicate_texts(texts: list[Bilingual], what: str) -> None:
    for lang in LANGUAGES:
        seen: set[str] = set()
        for text in texts:
            key = normalise(text(lang), lang)
            if key in seen:
                raise ValueError(f"duplicate {what} text ({lang}): {text(lang)!r}")
            seen.add(key)


class SingleChoice(ItemBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2, max_length=len(OPTION_KEYS))

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> SingleChoice:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"a single-choice item needs exactly one correct option, found {n}")
        _no_duplicate_texts([o.text for o in self.options], "option")
        return self


class MultipleResponse(ItemBase):
    type: Literal["multiple_response"]
    options: list[Option] = Field(min_length=3, max_length=len(OPTION_KEYS))

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleResponse:
        n = sum(o.correct for o in self.options)
        if n == 0:
            raise ValueError("a multiple-response item needs at least one correct option")
        if n > 5:
            raise ValueError("at most 5 correct options (Moodle's grade fractions)")
        _no_duplicate_texts([o.text for o in self.options], "option")
        return self


class TrueFalse(ItemBase):
    type: Literal["true_false"]
    answer: StrictBool
    feedback_true: Bilingual = Field(description="shown to whoever answers 'true'")
    feedback_false: Bilingual = Field(description="shown to whoever answers 'false'")


class Numeric(ItemBase):
    """A number within a tolerance; static or parametrised.

    An answer is right within ``tolerance`` of the correct one, or within
    ``relative_tolerance`` of it as a fraction of its size, whichever is wider (a
    wavelength of 19869.18 positions asked "after how many positions": 19869 is right).

    A parametrised item names a ``generator`` (see ``generators``) and its
    ``params`` (lists of values to draw from); its texts are templates filled
    with the generator's values, e.g. ``{d_k}``.
    """

    type: Literal["numeric"]
    answer: Number | None = None
    tolerance: Number = Field(gt=0, allow_inf_nan=False,
                              description="absolute: half the width of the accepted band")
    relative_tolerance: Number | None = Field(
        None, gt=0, lt=1, allow_inf_nan=False, description="also accept answers within this "
        "fraction of the correct one (0.001 = 0.1 %), for answers of very different sizes")
    decimals: StrictInt = Field(3, ge=0, le=8, description="digits shown for numbers")
    distractors: list[NumericDistractor] = Field(min_length=1)
    generator: str | None = None
    params: dict[str, list[Number | str]] = Field(default_factory=dict)
    present_as: Literal["input", "choice"] = "input"

    @property
    def parametrised(self) -> bool:
        return self.generator is not None

    def templates(self) -> list[Bilingual]:
        return [*super().templates(), *(d.feedback for d in self.distractors)]

    def band(self, value: float) -> float:
        """Half the width of the band of answers accepted around ``value``."""
        return band(value, self.tolerance, self.relative_tolerance)

    @model_validator(mode="after")
    def _consistent(self) -> Numeric:
        if self.decimals > 0 and self.tolerance < 0.5 * 10.0**-self.decimals:
            raise ValueError(
                f"tolerance {self.tolerance} is smaller than the rounding of "
                f"{self.decimals} shown decimals; a correctly rounded answer would fail"
            )
        if self.generator is None:
            if self.answer is None:
                raise ValueError("a static numeric item needs 'answer'")
            if self.present_as == "choice":
                raise ValueError("present_as: choice is for parametrised items")
            if any(d.value is None for d in self.distractors):
                raise ValueError("a static numeric item's distractors give 'value'")
            check_bands(self.answer, [d.value for d in self.distractors if d.value is not None],
                        self.tolerance,
                        self.relative_tolerance)
        else:
            if self.answer is not None:
                raise ValueError("a parametrised item's answer is computed: remove 'answer'")
            if any(d.mistake is None for d in self.distractors):
                raise ValueError("a parametrised item's distractors name a 'mistake'")
        return self


def band(value: float, tolerance: float, relative: float | None = None) -> float:
    """Half the width of the band accepted around ``value``: the wider of the two tolerances."""
    return max(float(tolerance), float(relative or 0.0) * abs(value))


def check_bands(answer: float, distractors: list[float], tolerance: float,
                relative: float | None = None) -> None:
    """Raise if a value is not finite or two tolerance bands (answer's, distractors') overlap."""
    labelled = [("the answer", answer)] + [(f"distractor {d:g}", d) for d in distractors]
    for label, value in labelled:
        if not math.isfinite(value):
            raise ValueError(f"{label} is not finite")
    for i, (label_a, a) in enumerate(labelled):
        for label_b, b in labelled[i + 1 :]:
            if abs(a - b) <= band(a, tolerance, relative) + band(b, tolerance, relative):
                raise ValueError(f"tolerance band ±{band(a, tolerance, relative):g} of {label_a} "
                                 f"({a:g}) overlaps {label_b}")


class Ordering(ItemBase):
    type: Literal["ordering"]
    steps: list[Step] = Field(min_length=3, max_length=len(OPTION_KEYS))

    @model_validator(mode="after")
    def _distinct(self) -> Ordering:
        _no_duplicate_texts([s.text for s in self.steps], "step")
        return self


class Matching(ItemBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=3, max_length=len(OPTION_KEYS))

    @model_validator(mode="after")
    def _distinct(self) -> Matching:
        _no_duplicate_texts([p.left for p in self.pairs], "left-hand")
        _no_duplicate_texts([p.right for p in self.pairs], "right-hand")
        return self


class ShortAnswer(ItemBase):
    type: Literal["short_answer"]
    accept: BilingualList
    wrong_answers: list[WrongAnswer] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_clash(self) -> ShortAnswer:
        for lang in LANGUAGES:
            wrong = [a for w in self.wrong_answers for a in w.answers(lang)]
            answers = [*self.accept(lang), *wrong]
            empty = [a for a in answers if not normalise(a, lang)]
            if empty:
                raise ValueError(f"answer {empty[0]!r} ({lang}) is empty once normalised: it would "
                                 "match any answer made only of punctuation")
            good = {normalise(a, lang) for a in self.accept(lang)}
            for wrong_answer in self.wrong_answers:
                clash = good & {normalise(a, lang) for a in wrong_answer.answers(lang)}
                if clash:
                    raise ValueError(f"answer {sorted(clash)} is both accepted and wrong ({lang})")
        return self


Item = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | Numeric | Ordering | Matching | ShortAnswer,
    Field(discriminator="type"),
]
ITEM_TYPES = (
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "ordering",
    "matching",
    "short_answer",
)


class BankFileHeader(Strict):
    """Everything in a bank file but its items (validated one by one)."""

    schema_version: Literal[1]
    module: str
    items: list[dict] = Field(min_length=1)
