"""The hidden greedy_decode checks test what their titles say.

Their inputs are chosen, not drawn: these tests prove that each case of
``autograder/hidden/test_greedy_decode.py`` exercises the behaviour it is meant
to (an ``eos_id`` that comes before ``max_len``, one that never comes, a tie),
and that no decision of greedy decoding hangs on a rounding error, so that a
correct float32 solution picks the same tokens as the float64 reference.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograder.hidden.test_greedy_decode as hidden
from autograder.number_words import as_number, load_model
from solutions import decoder_layer, encoder_layer, sinusoidal_positional_encoding


def embed(ids, embedding) -> np.ndarray:
    """``embedding[ids] * sqrt(d_model) + PE``, ``(T, d_model)``, as the contract says."""
    d_model = embedding.shape[1]
    return embedding[ids] * np.sqrt(d_model) + sinusoidal_positional_encoding(len(ids), d_model)


MIN_GAP = 0.01  # between the largest and the second largest logit, at every step


def decoding_steps(src, model, num_heads, max_len, bos_id, eos_id):
    """The reference's decisions: ``(token, gap to the runner-up)`` per step."""
    memory = encoder_layer(embed(src, model["embedding"])[None], model["encoder"], num_heads)
    tokens, steps = [bos_id], []
    while len(tokens) - 1 < max_len and (len(tokens) == 1 or tokens[-1] != eos_id):
        h = decoder_layer(embed(np.array(tokens), model["embedding"])[None], memory,
                          model["decoder"], num_heads)
        logits = np.sort(h[0, -1] @ model["W_out"])
        tokens.append(int(np.argmax(h[0, -1] @ model["W_out"])))
        steps.append((tokens[-1], float(logits[-1] - logits[-2])))
    return steps


@pytest.mark.parametrize("number", [*hidden.NUMBERS, 4321, 56])
def test_every_number_of_the_hidden_checks_is_translated_right_with_a_clear_margin(number):
    model = load_model()
    src = hidden.number_source(number)
    assert as_number(hidden.ref.greedy_decode(src, model.params, model.num_heads, 6)) == number
    steps = decoding_steps(src, model.params, model.num_heads, 6, 1, 2)
    assert min(gap for _, gap in steps) > MIN_GAP


@pytest.mark.parametrize(("seed", "d_model", "num_heads", "bos_id", "eos_id", "max_len"),
                         hidden.EOS_CASES)
def test_eos_cases_generate_eos_after_a_token_and_before_max_len(
    seed, d_model, num_heads, bos_id, eos_id, max_len
):
    src, model = hidden.random_case(seed, d_model)
    steps = decoding_steps(src, model, num_heads, max_len, bos_id, hidden.NEVER)
    tokens = [token for token, _ in steps]
    assert eos_id in tokens[1 : max_len - 1], tokens  # stops early, after at least one token
    assert min(gap for _, gap in steps) > MIN_GAP


@pytest.mark.parametrize(("seed", "d_model", "num_heads", "bos_id", "eos_id", "max_len"),
                         hidden.MAX_LEN_CASES)
def test_max_len_cases_never_generate_eos_within_max_len_plus_one(
    seed, d_model, num_heads, bos_id, eos_id, max_len
):
    src, model = hidden.random_case(seed, d_model)
    steps = decoding_steps(src, model, num_heads, max_len + 1, bos_id, hidden.NEVER)
    assert eos_id not in [token for token, _ in steps]
    assert min(gap for _, gap in steps) > MIN_GAP


def test_the_tie_case_ties_exactly():
    src, model = hidden.random_case(23, 8)
    model["decoder"] |= {"gamma_3": np.zeros(8),
                         "beta_3": np.array([1.0, -1.0, 0.0, 2.0, 0.0, 1.0, -2.0, 1.0])}
    h = decoder_layer(embed(np.array([1, 4]), model["embedding"])[None],
                      encoder_layer(embed(src, model["embedding"])[None], model["encoder"], 2),
                      model["decoder"], 2)
    assert np.array_equal(h[0], np.broadcast_to(model["decoder"]["beta_3"], (2, 8)))
