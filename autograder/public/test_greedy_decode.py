"""Public checks of ``greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import check_equal
from autograder.number_words import encode_digits, encode_words, load_model
from autograder.recognisers.decoding import generated_ids, name_ids_mistake

pytestmark = pytest.mark.grades("greedy_decode")

D, VOCAB = 4, 6


def one_token_model(token: int) -> dict:
    """A model that always predicts ``token``: the decoder's last layer norm has gamma_3 = 0,
    so its output is beta_3 = e_3 at every position, and W_out maps e_3 to ``token``."""
    g = np.random.default_rng(7)

    def weight(d_in: int, d_out: int) -> np.ndarray:
        return g.standard_normal((d_in, d_out)) / 2

    encoder = {n: weight(D, D) for n in ("W_q", "W_k", "W_v", "W_o")}
    encoder |= {"W_1": weight(D, 5), "b_1": np.zeros(5), "W_2": weight(5, D), "b_2": np.zeros(D)}
    encoder |= {f"{k}_{i}": np.full(D, float(k == "gamma")) for i in (1, 2)
                for k in ("gamma", "beta")}
    decoder = {f"W_{p}{i}": weight(D, D) for i in (1, 2) for p in "qkvo"}
    decoder |= {"W_1": weight(D, 5), "b_1": np.zeros(5), "W_2": weight(5, D), "b_2": np.zeros(D)}
    decoder |= {f"{k}_{i}": np.full(D, float(k == "gamma")) for i in (1, 2)
                for k in ("gamma", "beta")}
    decoder |= {"gamma_3": np.zeros(D), "beta_3": np.eye(D)[3]}
    W_out = np.zeros((D, VOCAB))
    W_out[3, token] = 1.0
    return {"embedding": weight(VOCAB, D), "encoder": encoder, "decoder": decoder,
            "W_out": W_out}


def check_ids(value, expected, bos_id: int, eos_id: int, max_len: int) -> None:
    got = generated_ids(value)
    if got.shape != np.shape(expected) or not np.array_equal(got, expected):
        name_ids_mistake(got, expected, bos_id, eos_id, max_len)
    check_equal(got, np.asarray(expected), "ids")


def test_public_translates_uc_yuz_kirk_iki(student):
    # The trained model of this module: "üç yüz kırk iki" -> the ids of 3 4 2 <eos>.
    model = load_model()
    src = encode_words("üç yüz kırk iki")
    got = student.greedy_decode(src, model.params, model.num_heads, 6)
    check_ids(got, encode_digits(342), 1, 2, 6)


def test_public_stops_after_max_len_tokens(student):
    # The model always predicts token 5, never eos_id = 2: three tokens for max_len = 3.
    got = student.greedy_decode(np.array([3, 4]), one_token_model(5), 2, 3)
    check_ids(got, [5, 5, 5], 1, 2, 3)


def test_public_stops_right_after_eos(student):
    # The model always predicts token 5, which is eos_id here: decoding stops at once.
    got = student.greedy_decode(np.array([3, 4]), one_token_model(5), 2, 3, bos_id=0, eos_id=5)
    check_ids(got, [5], 0, 5, 3)
