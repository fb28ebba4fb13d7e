"""Reference search strategies of module 03 (not graded): greedy decoding and beam search.

Both run over any model given as ``next_probabilities(prefix) -> {token: p}``:
the distribution of the next token after a prefix. The quiz's greedy-versus-beam
items take their answers from here; the notebook writes the same two searches
out for the learner and checks its numbers against them in its claims.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable

Token = Hashable
NextProbabilities = Callable[[tuple], dict]


def greedy_search(next_probabilities: NextProbabilities, end: Token,
                  max_len: int) -> tuple[tuple, float]:
    """The sequence greedy decoding returns and its probability.

    At every step the single most likely next token (the first one listed on ties);
    stops after ``end`` or ``max_len`` tokens.
    """
    prefix: tuple = ()
    probability = 1.0
    while len(prefix) < max_len and (not prefix or prefix[-1] != end):
        options = next_probabilities(prefix)
        token = max(options, key=options.get)  # max keeps the first of equal values
        prefix, probability = (*prefix, token), probability * options[token]
    return prefix, probability


def beam_search(next_probabilities: NextProbabilities, end: Token, max_len: int,
                width: int) -> list[tuple[tuple, float]]:
    """The ``width`` most likely sequences beam search keeps, best first, with probabilities.

    Every step extends each unfinished sequence by every possible token, scores the
    candidates by their log-probability (the sum of the steps' logs: no underflow)
    and keeps the ``width`` best; finished sequences (ending in ``end``) stay as they are.
    """
    beams: list[tuple[tuple, float]] = [((), 0.0)]  # (sequence, log-probability)
    for _ in range(max_len):
        candidates = []
        for sequence, score in beams:
            if sequence and sequence[-1] == end:
                candidates.append((sequence, score))
                continue
            for token, p in next_probabilities(sequence).items():
                if p > 0:
                    candidates.append(((*sequence, token), score + math.log(p)))
        beams = sorted(candidates, key=lambda c: -c[1])[:width]
        if all(sequence[-1] == end for sequence, _ in beams):
            break
    return [(sequence, math.exp(score)) for sequence, score in beams]
