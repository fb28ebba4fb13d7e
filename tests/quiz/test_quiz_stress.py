"""Every variant of every parametrised item (a seed picks one of VARIANTS_PER_ITEM): finite
answers, distractors outside the tolerance band, and (for items shown as choices) the correct
option's position spread evenly."""

from __future__ import annotations

import math

import pytest

from autograder.quiz.bank import load_bank
from autograder.quiz.variants import VARIANTS_PER_ITEM, make_question

SEEDS = range(VARIANTS_PER_ITEM)
PARAMETRISED = [item for item in load_bank().items if item.parametrised]


@pytest.mark.parametrize("item", PARAMETRISED, ids=lambda item: item.id)
def test_when_every_variant_is_drawn_then_each_is_sound(item):
    positions = []
    for seed in SEEDS:
        question = make_question(item, seed)
        assert math.isfinite(question.answer)
        for distractor in question.distractors:
            assert math.isfinite(distractor.value)
            gap = abs(distractor.value - question.answer)
            bands = item.band(question.answer) + item.band(distractor.value)
            assert gap > bands, (seed, distractor)
        if question.choices:
            positions.append(question.correct_position)
    if positions:
        n = len(item.distractors) + 1
        counts = [positions.count(p) for p in range(n)]
        expected = len(positions) / n
        chi_square = sum((c - expected) ** 2 / expected for c in counts)
        # 99.9th percentile of chi-square with n-1 <= 3 degrees of freedom is 16.3
        assert chi_square < 16.3, counts


def test_at_least_25_items_are_parametrised_and_some_are_shown_as_choices():
    assert len(PARAMETRISED) >= 25
    assert sum(item.present_as == "choice" for item in PARAMETRISED) >= 8


def test_when_the_seed_is_the_same_then_the_variant_is_the_same():
    item = PARAMETRISED[0]
    assert make_question(item, 7) == make_question(item, 7)
    values = {repr(make_question(item, s).values) for s in range(30)}
    assert len(values) > 1


def test_when_seeds_differ_by_the_number_of_variants_then_they_share_one():
    item = PARAMETRISED[0]
    assert make_question(item, 3).values == make_question(item, 3 + VARIANTS_PER_ITEM).values
