"""The task of module 03's tiny model: Turkish number words to digits.

``"üç yüz kırk iki"`` -> ``3 4 2``. Source and target tokens share one
vocabulary (and so one embedding table): the special tokens, the ten digits and
the Turkish number words of ``words.yaml``. The numbers 1..9999 are split once,
with a fixed seed, into the numbers the model was trained on and the held-out
numbers it never saw (:func:`held_out_numbers`).

Stdlib, NumPy and PyYAML only: the grader, the training script, the notebooks
and the student package all use it. The words file is read once per user and
remembered (``autograder.compiled``): grading imports no YAML parser for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

WORDS_FILE = Path(__file__).with_name("words.yaml")
PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
PAD_ID, BOS_ID, EOS_ID = 0, 1, 2  # bos_id=1 and eos_id=2 are greedy_decode's defaults
LARGEST = 9999
HELD_OUT = 1000  # numbers the model never sees in training
SPLIT_SEED = 2024


@cache
def _words() -> dict:
    from autograder.compiled import remembered

    return remembered("number-words", [WORDS_FILE, Path(__file__)], _read_words)


def _read_words() -> dict:
    from autograder.yamlfile import load

    return load(WORDS_FILE)


@cache
def vocabulary() -> tuple[str, ...]:
    """Every token, in id order: ``<pad> <bos> <eos>``, the digits ``0``..``9``, the words."""
    w = _words()
    digits = tuple(str(d) for d in range(10))
    return (PAD, BOS, EOS, *digits, *w["ones"], *w["tens"], w["hundred"], w["thousand"])


@cache
def token_id() -> dict[str, int]:
    """Token -> id."""
    return {token: index for index, token in enumerate(vocabulary())}


def to_words(n: int) -> str:
    """The Turkish words of ``n`` (1..9999): ``to_words(342) == "üç yüz kırk iki"``.

    Raises:
        ValueError: if ``n`` is not an integer in 1..LARGEST.
    """
    if int(n) != n or not 1 <= n <= LARGEST:
        raise ValueError(f"n must be an integer in 1..{LARGEST}, got {n}")
    w = _words()
    thousands, hundreds, tens, ones = (int(c) for c in f"{int(n):04d}")
    words: list[str] = []
    for digit, word in ((thousands, w["thousand"]), (hundreds, w["hundred"])):
        if digit > 1:
            words.append(w["ones"][digit - 1])
        if digit:
            words.append(word)  # "yüz", "bin": never "bir yüz", "bir bin"
    if tens:
        words.append(w["tens"][tens - 1])
    if ones:
        words.append(w["ones"][ones - 1])
    return " ".join(words)


def encode_words(text: str) -> np.ndarray:
    """Token ids ``(T_x,)`` of a number written in words (no ``<bos>``, no ``<eos>``).

    Raises:
        ValueError: for a word that is not in the vocabulary.
    """
    ids = token_id()
    unknown = [word for word in text.split() if word not in ids]
    if unknown:
        raise ValueError(f"unknown words {unknown}; the vocabulary is {vocabulary()[13:]}")
    return np.array([ids[word] for word in text.split()], dtype=np.int64)


def encode_digits(n: int) -> np.ndarray:
    """The target ids of ``n``: its digits then ``<eos>``, e.g. 342 -> ids of ``3 4 2 <eos>``."""
    ids = token_id()
    return np.array([ids[c] for c in str(int(n))] + [EOS_ID], dtype=np.int64)


def decode(ids) -> str:
    """The tokens of ``ids`` joined by spaces (``<eos>`` and what follows left out)."""
    tokens = []
    for index in np.asarray(ids).tolist():
        if index == EOS_ID:
            break
        tokens.append(vocabulary()[index])
    return " ".join(tokens)


def as_number(ids) -> int | None:
    """The number that generated ``ids`` spell (digits then ``<eos>``), or None if they do not."""
    ids = np.asarray(ids).tolist()
    if not ids or ids[-1] != EOS_ID or len(ids) == 1:
        return None
    digits = [vocabulary()[i] for i in ids[:-1]]
    if not all(d.isdigit() and len(d) == 1 for d in digits) or digits[0] == "0":
        return None
    return int("".join(digits))


@cache
def _split() -> tuple[np.ndarray, np.ndarray]:
    numbers = np.random.default_rng(SPLIT_SEED).permutation(np.arange(1, LARGEST + 1))
    held_out, training = np.sort(numbers[:HELD_OUT]), np.sort(numbers[HELD_OUT:])
    held_out.setflags(write=False)
    training.setflags(write=False)
    return training, held_out


def training_numbers() -> np.ndarray:
    """The numbers the model was trained on (sorted)."""
    return _split()[0]


def held_out_numbers() -> np.ndarray:
    """The numbers kept out of training, to measure the model on (sorted)."""
    return _split()[1]
