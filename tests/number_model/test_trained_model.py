"""The shipped model: the course's NumPy functions run it exactly as PyTorch trained it.

PyTorch is the independent implementation here: ``solutions/train_number_model.py``
writes the contract's architecture out by hand in PyTorch and trained the shipped
weights with it; the NumPy reference (``encoder_layer``, ``decoder_layer``,
``greedy_decode``) must compute the same logits and the same translations.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.number_words import language
from autograder.number_words.model import MODEL_FILE, flat_parameters, load_model, weights_checksum
from solutions import decoder_layer, encoder_layer, greedy_decode, sinusoidal_positional_encoding

torch = pytest.importorskip("torch")
training = pytest.importorskip("solutions.train_number_model")

MAX_LEN = 6  # 4 digits and <eos> at most, and one to spare


def embed(ids, embedding) -> np.ndarray:
    """``embedding[ids] * sqrt(d_model) + PE``, ``(T, d_model)``, as the contract says."""
    d_model = embedding.shape[1]
    return embedding[ids] * np.sqrt(d_model) + sinusoidal_positional_encoding(len(ids), d_model)


@pytest.fixture(scope="module")
def model():
    return load_model()


def numpy_logits(params: dict, num_heads: int, n: int) -> np.ndarray:
    """Teacher-forced logits ``(T_y, V)`` of number ``n`` with the NumPy reference."""
    src = language.encode_words(language.to_words(n))
    tgt_in = np.concatenate([[language.BOS_ID], language.encode_digits(n)[:-1]])
    memory = encoder_layer(embed(src, params["embedding"])[None], params["encoder"], num_heads)
    h = decoder_layer(embed(tgt_in, params["embedding"])[None], memory, params["decoder"],
                      num_heads)
    return h[0] @ params["W_out"]


def test_numpy_reference_computes_the_logits_pytorch_computes(model):
    numbers = language.held_out_numbers()[::25]  # 40 numbers of every length, padded together
    torch_model = training.from_exported(model.params, model.num_heads)
    src, src_mask, tgt_in, _ = training.batch(numbers)
    with torch.no_grad():
        theirs = torch_model(src, src_mask, tgt_in).numpy()  # (B, T_y, V), padded
    for row, n in enumerate(numbers):
        ours = numpy_logits(model.params, model.num_heads, int(n))
        np.testing.assert_allclose(ours, theirs[row, : len(ours)], rtol=1e-4, atol=1e-4)


def torch_greedy(torch_model, n: int) -> list[int]:
    src, src_mask, _, _ = training.batch([n])
    tokens = [language.BOS_ID]
    with torch.no_grad():
        memory = torch_model.encode(src, src_mask)
        while len(tokens) - 1 < MAX_LEN and tokens[-1] != language.EOS_ID:
            logits = torch_model.decode(torch.tensor([tokens]), memory, src_mask)
            tokens.append(int(logits[0, -1].argmax()))
    return tokens[1:]


def test_numpy_greedy_decode_generates_what_pytorch_generates(model):
    torch_model = training.from_exported(model.params, model.num_heads)
    for n in language.held_out_numbers()[::50]:
        src = language.encode_words(language.to_words(int(n)))
        ours = greedy_decode(src, model.params, model.num_heads, MAX_LEN)
        assert ours.tolist() == torch_greedy(torch_model, int(n)), n


def test_reference_greedy_decode_gets_99_percent_of_held_out_numbers_right(model):
    held_out = language.held_out_numbers()
    right = [
        language.as_number(greedy_decode(language.encode_words(language.to_words(int(n))),
                                         model.params, model.num_heads, MAX_LEN)) == n
        for n in held_out
    ]
    assert np.mean(right) >= 0.99, f"{np.mean(right):.1%} of {len(held_out)}"


def test_the_shipped_weights_are_small_and_match_their_checksum(model):
    assert MODEL_FILE.stat().st_size < 300 * 1024
    assert weights_checksum(dict(flat_parameters(model.params))) == model.sha256
    assert all(value.dtype == np.float32 for _, value in flat_parameters(model.params))
    assert model.vocabulary == language.vocabulary()
    assert (model.d_model, model.num_heads) == (32, 2)


@pytest.mark.slow
def test_retraining_with_the_fixed_seed_reproduces_the_shipped_weights(model):
    retrained, measured = training.train(log=lambda line: None)
    flat = dict(flat_parameters(retrained.export()))
    assert weights_checksum(flat) == model.sha256
    assert measured["final_loss"] < 0.01
