"""The reference search strategies (``solutions/search.py``) behind module 03's quiz items."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from solutions.search import beam_search, greedy_search

END = "<eos>"


def random_table(seed: int, tokens: str = "abc", depth: int = 3) -> dict:
    """Next-token distributions over ``tokens`` + <eos> for every prefix up to ``depth``."""
    rng = np.random.default_rng(seed)
    table = {}
    for length in range(depth):
        for prefix in itertools.product(tokens, repeat=length):
            p = rng.dirichlet(np.ones(len(tokens) + 1))
            table[prefix] = dict(zip([*tokens, END], p.tolist(), strict=True))
    for prefix in itertools.product(tokens, repeat=depth):
        table[prefix] = {END: 1.0}
    return table


def exhaustive_best(table: dict) -> float:
    """The probability of the most likely finished sequence, by trying all of them."""
    best = 0.0

    def walk(prefix, probability):
        nonlocal best
        for token, p in table[prefix].items():
            if token == END:
                best = max(best, probability * p)
            else:
                walk((*prefix, token), probability * p)

    walk((), 1.0)
    return best


@pytest.mark.parametrize("seed", range(20))
def test_beam_of_width_one_is_greedy_decoding(seed):
    table = random_table(seed)
    sequence, probability = greedy_search(table.__getitem__, END, 5)
    (beam_sequence, beam_probability), = beam_search(table.__getitem__, END, 5, width=1)
    assert beam_sequence == sequence
    assert math.isclose(beam_probability, probability)


@pytest.mark.parametrize("seed", range(20))
def test_a_beam_as_wide_as_all_sequences_finds_the_best_one(seed):
    table = random_table(seed)
    (_, probability), *_ = beam_search(table.__getitem__, END, 5, width=4**3)
    assert math.isclose(probability, exhaustive_best(table))


def test_greedy_decoding_can_lose_to_a_beam_of_two():
    table = {(): {"A": 0.5, "B": 0.4, END: 0.1}, ("A",): {"x": 0.4, "y": 0.3, "z": 0.3},
             ("B",): {"x": 0.1, "y": 0.9}}
    table |= {(first, t): {END: 1.0} for first in "AB" for t in "xyz"}
    assert greedy_search(table.__getitem__, END, 4) == (("A", "x", END), pytest.approx(0.2))
    best, second = beam_search(table.__getitem__, END, 4, width=2)
    assert best == (("B", "y", END), pytest.approx(0.36))
    assert second == (("A", "x", END), pytest.approx(0.2))
