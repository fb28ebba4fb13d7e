"""The real bank: coverage, and every number a static item states is recomputed here."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from autograder.config import LANGUAGES
from autograder.quiz.schema import ITEM_TYPES, Numeric
from solutions import causal_mask, sinusoidal_positional_encoding, softmax, split_heads


def test_bank_has_at_least_120_items_and_8_per_section(bank):
    assert len(bank.items) >= 120
    per_section = Counter(item.section for item in bank.items)
    assert set(per_section) == set(bank.sections)
    assert min(per_section.values()) >= 8, per_section


def test_bank_uses_every_item_type_and_has_25_parametrised_items(bank):
    assert {item.type for item in bank.items} == set(ITEM_TYPES)
    assert sum(item.parametrised for item in bank.items) >= 25


def test_some_items_target_named_misconceptions(bank):
    named = {item.misconception for item in bank.items if item.misconception}
    assert {
        "sqrt-dk-bounds-scores",
        "dot-product-grows-exponentially",
        "seed-softmax-percentages",
    } <= named


def test_turkish_texts_use_turkish_letters_and_differ_from_english(bank):
    for item in bank.items:
        assert item.prompt.tr != item.prompt.en or item.type == "matching", item.id
    turkish = " ".join(item.explanation.tr for item in bank.items)
    assert all(letter in turkish for letter in "çğıİöşü")


# ---------------------------------------------------------------- numbers stated by static items


def _pct(values) -> list[float]:
    return [round(100 * float(v), 1) for v in values]


def check_seed_percentages():  # m02-ali-04 (and m02-ali-05's variant with the same scores)
    weights = softmax(np.array([0.25, 0.85, 0.90, 0.10]))
    assert _pct(weights) == [17.9, 32.5, 34.2, 15.4]
    assert np.round(weights, 3).tolist() == [0.179, 0.325, 0.342, 0.154]
    assert not np.allclose(weights, [0.10, 0.30, 0.45, 0.15], atol=0.02)
    assert round(float(np.exp(0.90) / np.exp([0.25, 0.85, 0.90, 0.10]).sum()), 3) == 0.342


def check_sixteen_weights():  # m02-ali-07
    assert causal_mask(4).size == 16


def check_softmax_overflow():  # m02-smx-06
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp([1000.0, 1001.0]) / np.exp([1000.0, 1001.0]).sum()
    assert np.isnan(naive).all()
    assert np.round(softmax(np.array([1000.0, 1001.0])), 3).tolist() == [0.269, 0.731]
    assert round(float(np.finfo(np.float64).max) / 1e308, 1) == 1.8
    assert 1000 / np.log(10) == pytest.approx(434.3, abs=0.1)  # e^1000 ≈ 10^434


def check_temperature_table():  # m02-smx-07
    x = np.array([2.0, 1.0, 0.0])
    assert np.round(softmax(x, temperature=0.5), 3).tolist() == [0.867, 0.117, 0.016]
    assert np.round(softmax(x), 3).tolist() == [0.665, 0.245, 0.090]
    assert np.round(softmax(x, temperature=10), 3).tolist() == [0.367, 0.332, 0.301]


def check_head_size():  # m02-mha-09
    assert split_heads(np.zeros((1, 1, 512)), 8).shape[-1] == 64


def check_masked_scores():  # m02-smx-08: e^0 = 1, e^-1 ≈ 0.37, and what -1e9 does instead of -inf
    assert softmax(np.array([0.0, -np.inf]))[1] == 0.0
    assert round(float(np.exp(-1)), 2) == 0.37
    for dtype in (np.float32, np.float64):  # -1e9 also gives exactly 0 ...
        assert softmax(np.array([0.0, -1e9], dtype=dtype))[1] == 0.0
        assert np.exp(dtype(-1e9)) == 0.0
    with np.errstate(invalid="ignore"):  # ... but a fully masked row differs: NaN against uniform
        assert np.isnan(softmax(np.full(4, -np.inf))).all()
    assert np.array_equal(softmax(np.full(4, -1e9)), np.full(4, 0.25))
    assert float(np.finfo(np.float16).max) == 65504  # and -1e9 does not fit in float16
    with np.errstate(over="ignore"):
        assert np.float16(-1e9) == -np.inf


def check_single_matrix_scores():  # m02-qkv-09: X X^T is symmetric with self-scores >= 0
    rng = np.random.default_rng(0)
    for _ in range(100):
        x = rng.normal(size=(5, 4))
        scores = x @ x.T
        assert np.allclose(scores, scores.T)
        assert np.all(np.diag(scores) >= 0)
    # "each word is most similar to itself" is false in general: a longer vector wins
    x = np.array([[1.0, 0.0], [3.0, 0.0]])
    scores = x @ x.T
    assert scores[0, 1] > scores[0, 0]


def check_scale_and_mask_commute():  # m02-sdp-11: -inf / sqrt(d_k) = -inf
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(4, 6))
    mask = rng.random((4, 6)) > 0.3
    d_k = 16
    masked_then_scaled = np.where(mask, scores, -np.inf) / np.sqrt(d_k)
    scaled_then_masked = np.where(mask, scores / np.sqrt(d_k), -np.inf)
    assert np.array_equal(masked_then_scaled, scaled_then_masked)


def check_variance_of_dot_product():  # m02-sdp-01, m02-sdp-02: Var(q.k) = d_k, not bounded
    rng = np.random.default_rng(0)
    for d_k in (16, 64, 256):
        q, k = rng.normal(size=(2, 20000, d_k))
        scores = (q * k).sum(-1)
        assert scores.var() == pytest.approx(d_k, rel=0.05)
        scaled = scores / np.sqrt(d_k)
        assert scaled.std() == pytest.approx(1.0, rel=0.05)
        assert np.abs(scaled).max() > 2.5  # scaled scores are not kept in [-1, 1]


def check_position_zero():  # m02-pe-09
    assert sinusoidal_positional_encoding(1, 6)[0].tolist() == [0, 1, 0, 1, 0, 1]


CHECKS = {
    "m02-ali-04": check_seed_percentages,
    "m02-ali-07": check_sixteen_weights,
    "m02-smx-06": check_softmax_overflow,
    "m02-smx-07": check_temperature_table,
    "m02-mha-09": check_head_size,
    "m02-smx-08": check_masked_scores,
    "m02-qkv-09": check_single_matrix_scores,
    "m02-sdp-11": check_scale_and_mask_commute,
    "m02-sdp-01": check_variance_of_dot_product,
    "m02-sdp-02": check_variance_of_dot_product,
    "m02-pe-09": check_position_zero,
}


@pytest.mark.parametrize("item_id", sorted(CHECKS))
def test_numbers_stated_by_static_items_are_right(bank, item_id):
    bank.item(item_id)  # the item still exists
    CHECKS[item_id]()


DECIMAL = re.compile(r"\d[.,]\d|%\s?\d|\d\s?%")


def _texts(item) -> list[str]:
    data = item.model_dump()
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if set(node) == set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
                found.extend(node.values())
            else:
                for value in node.values():
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def test_every_static_item_that_states_a_decimal_or_percentage_is_checked(bank):
    unchecked = [
        item.id
        for item in bank.items
        if not item.parametrised
        and any(DECIMAL.search(text) for text in _texts(item))
        and item.id not in CHECKS
    ]
    assert unchecked == []


def test_every_static_numeric_item_is_checked(bank):
    static = [i.id for i in bank.items if isinstance(i, Numeric) and not i.parametrised]
    assert set(static) <= set(CHECKS)


# ------------------------------------------------------- items corrected by the content review


def test_scaling_and_masking_are_one_step_of_the_attention_ordering(bank):  # m02-sdp-11
    steps = [step.text.en for step in bank.item("m02-sdp-11").steps]
    assert len(steps) == 4
    assert "√d_k" in steps[1] and "mask" in steps[1]


def test_bankadan_is_answered_with_feedback_not_only_kredi_accepted(bank):  # m02-ali-09
    item = bank.item("m02-ali-09")
    assert item.accept("tr") == ["kredi"]
    wrong = next(w for w in item.wrong_answers if "bankadan" in w.answers("tr"))
    assert "para çekti" in wrong.feedback.tr and "para çekti" in wrong.feedback.en


def test_minus_1e9_gets_its_own_feedback(bank):  # m02-smx-08
    item = bank.item("m02-smx-08")
    wrong = next(w for w in item.wrong_answers if "-1e9" in w.answers("en"))
    assert "float16" in wrong.feedback.en and "float16" in wrong.feedback.tr


def test_beam_search_is_not_sold_as_a_cure_for_exposure_bias(bank):  # m03-eb-01, m03-eb-03
    item = bank.item("m03-eb-01")
    right = next(option for option in item.options if option.correct)
    assert "does not remove" in right.feedback.en and "gidermez" in right.feedback.tr


# ------------------------------------------------------------------- module 03 (decoding)


def test_decoding_items_live_in_module03(bank):
    decoding = {"teacher_forcing", "exposure_bias", "greedy_beam", "kv_cache", "decoder_masks",
                "cross_attention"}
    for item in bank.items:
        in_module03 = bank.module_of[item.id] == "module03"
        assert (item.section in decoding) == in_module03, item.id
        assert item.id.startswith("m03-") == in_module03, item.id
    assert sum(i.parametrised for i in bank.select(["module03"])) >= 9


@pytest.mark.parametrize("seed", range(30))
def test_in_every_variant_greedy_decoding_loses_to_beam_search(bank, seed):
    from autograder.quiz.variants import make_question

    greedy = make_question(bank.item("m03-gb-02"), seed)
    beam = make_question(bank.item("m03-gb-03"), seed)
    beam_best = next(d.value for d in greedy.distractors if "B y" in d.feedback.en)
    assert greedy.answer < beam_best
    assert beam.answer > next(d.value for d in beam.distractors if "A x" in d.feedback.en)
