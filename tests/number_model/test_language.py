"""The number-words task: Turkish words, the shared vocabulary and the held-out split."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.number_words import language


@pytest.mark.parametrize(("n", "words"), [
    (1, "bir"), (7, "yedi"), (10, "on"), (11, "on bir"), (40, "kırk"), (100, "yüz"),
    (101, "yüz bir"), (110, "yüz on"), (200, "iki yüz"), (342, "üç yüz kırk iki"),
    (1000, "bin"), (1020, "bin yirmi"), (1100, "bin yüz"), (2024, "iki bin yirmi dört"),
    (9999, "dokuz bin dokuz yüz doksan dokuz"),
])
def test_numbers_are_written_the_way_turkish_says_them(n, words):
    assert language.to_words(n) == words


def test_the_vocabulary_starts_with_the_special_tokens_the_contract_defaults_to():
    vocabulary = language.vocabulary()
    assert vocabulary[:3] == ("<pad>", "<bos>", "<eos>")
    assert (language.BOS_ID, language.EOS_ID) == (1, 2)  # greedy_decode's bos_id, eos_id
    assert vocabulary[3:13] == tuple("0123456789")
    assert len(vocabulary) == len(set(vocabulary)) == 33
    assert all(isinstance(token, str) for token in vocabulary)  # "on" stays a word in YAML


def test_every_number_round_trips_through_its_ids():
    for n in range(1, language.LARGEST + 1):
        ids = language.encode_words(language.to_words(n))
        assert ids.dtype == np.int64 and np.all(ids >= 13)
        assert language.as_number(language.encode_digits(n)) == n
    assert language.decode(language.encode_digits(342)) == "3 4 2"


def test_the_held_out_numbers_are_never_trained_on():
    training, held_out = language.training_numbers(), language.held_out_numbers()
    assert len(held_out) == language.HELD_OUT == 1000
    assert len(training) + len(held_out) == language.LARGEST
    assert not set(training.tolist()) & set(held_out.tolist())


@pytest.mark.parametrize("bad", [0, 10000, 2.5])
def test_numbers_outside_the_task_are_refused(bad):
    with pytest.raises(ValueError):
        language.to_words(bad)


def test_unknown_words_are_refused_with_the_vocabulary():
    with pytest.raises(ValueError, match="unknown words"):
        language.encode_words("üç yüz kırk iki buçuk")


@pytest.mark.parametrize(("ids", "expected"), [
    ([6, 7, 5, 2], 342), ([6, 7, 5], None), ([2], None), ([3, 4, 2], None), ([15, 2], None),
])
def test_only_digits_then_eos_spell_a_number(ids, expected):
    assert language.as_number(ids) == expected
