"""Input makers shared by the hidden tests: seeded, with all dimensions distinct."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np

from autograder.hidden.reference import remember

P = ParamSpec("P")
T = TypeVar("T")


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def remembered_input(function: Callable[P, T]) -> Callable[P, T]:
    """``function``'s values made once and remembered with the reference's answers
    (:mod:`autograder.hidden.reference`): every submission is graded on the same inputs.
    Each call returns a fresh copy (tests may change it)."""
    name = f"inputs.{function.__name__}"

    @functools.wraps(function)
    def made_once(*args: P.args, **kwargs: P.kwargs) -> T:
        return remember(name, function, args, kwargs)

    return made_once


@remembered_input
def normal(seed: int, shape: tuple[int, ...], dtype=np.float64, scale: float = 1.0) -> np.ndarray:
    """Standard-normal values times ``scale``, in ``dtype`` (integers are rounded)."""
    values = rng(seed).standard_normal(tuple(shape)) * scale
    if np.issubdtype(np.dtype(dtype), np.integer):
        values = np.rint(values)
    return values.astype(dtype)


def readonly(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Copies of ``arrays`` that cannot be written to."""
    copies = tuple(np.array(a, copy=True) for a in arrays)
    for copy in copies:
        copy.setflags(write=False)
    return copies


@remembered_input
def encoder_params(seed: int, d_model: int, d_ff: int, dtype=np.float64) -> dict[str, np.ndarray]:
    """Parameters of one encoder layer (see ``encoder_layer``), scaled to keep values O(1).

    Biases, gammas and betas are non-trivial (not 0 or 1) so that forgetting one shows.
    """
    g = rng(seed)

    def weight(d_in: int, d_out: int) -> np.ndarray:
        return g.standard_normal((d_in, d_out)) / np.sqrt(d_in)

    params = {name: weight(d_model, d_model) for name in ("W_q", "W_k", "W_v", "W_o")}
    params["W_1"] = weight(d_model, d_ff)
    params["b_1"] = 0.5 * g.standard_normal(d_ff)
    params["W_2"] = weight(d_ff, d_model)
    params["b_2"] = 0.5 * g.standard_normal(d_model)
    for i in (1, 2):
        params[f"gamma_{i}"] = 1.0 + 0.3 * g.standard_normal(d_model)
        params[f"beta_{i}"] = 0.3 * g.standard_normal(d_model)
    return {name: value.astype(dtype) for name, value in params.items()}


@remembered_input
def attention_mask(seed: int, shape: tuple[int, ...], p_true: float = 0.6) -> np.ndarray:
    """Random boolean mask whose every row (last axis, length >= 2) has a True and a False.

    So no row is fully masked (those are not graded) and its inverse has none either.
    """
    g = rng(seed)
    mask = g.random(shape) < p_true
    n = shape[-1]
    keep = g.integers(0, n, size=(*shape[:-1], 1))
    drop = (keep + g.integers(1, n, size=(*shape[:-1], 1))) % n
    np.put_along_axis(mask, keep, True, axis=-1)
    np.put_along_axis(mask, drop, False, axis=-1)
    return mask


@remembered_input
def sequence_lengths(seed: int, batch: int, max_len: int) -> np.ndarray:
    """Integer lengths ``(batch,)`` in ``1..max_len``, including 1 and ``max_len`` (batch >= 2)."""
    g = rng(seed)
    lengths = g.integers(1, max_len + 1, size=batch)
    short, full = g.choice(batch, size=2, replace=False)
    lengths[short], lengths[full] = 1, max_len
    return lengths


# (W_q, W_k, W_v, W_o) of one attention layer.
Projections = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@remembered_input
def attention_projections(seed: int, d_model: int, dtype=np.float64) -> Projections:
    """``(W_q, W_k, W_v, W_o)``, each ``(d_model, d_model)``, entries of scale 1/sqrt(d_model)."""
    g = rng(seed)
    W_q, W_k, W_v, W_o = (
        (g.standard_normal((d_model, d_model)) / np.sqrt(d_model)).astype(dtype) for _ in range(4)
    )
    return W_q, W_k, W_v, W_o


def layer_projections(params: dict[str, np.ndarray], layer: str) -> Projections:
    """``(W_q, W_k, W_v, W_o)`` of attention layer ``layer`` ("1", "2") in ``params``."""
    return (params[f"W_q{layer}"], params[f"W_k{layer}"], params[f"W_v{layer}"],
            params[f"W_o{layer}"])


@remembered_input
def decoder_params(seed: int, d_model: int, d_ff: int, dtype=np.float64) -> dict[str, np.ndarray]:
    """Parameters of one decoder layer (see ``decoder_layer``), scaled to keep values O(1).

    The self- and cross-attention weights differ, and biases, gammas and betas are
    non-trivial, so that using one in place of another shows.
    """
    g = rng(seed)

    def weight(d_in: int, d_out: int) -> np.ndarray:
        return g.standard_normal((d_in, d_out)) / np.sqrt(d_in)

    params = {f"W_{p}{i}": weight(d_model, d_model) for i in (1, 2) for p in "qkvo"}
    params["W_1"] = weight(d_model, d_ff)
    params["b_1"] = 0.5 * g.standard_normal(d_ff)
    params["W_2"] = weight(d_ff, d_model)
    params["b_2"] = 0.5 * g.standard_normal(d_model)
    for i in (1, 2, 3):
        params[f"gamma_{i}"] = 1.0 + 0.3 * g.standard_normal(d_model)
        params[f"beta_{i}"] = 0.3 * g.standard_normal(d_model)
    return {name: value.astype(dtype) for name, value in params.items()}


@remembered_input
def decoding_model(seed: int, vocab_size: int, d_model: int, d_ff: int,
                   dtype=np.float64) -> dict:
    """A random ``greedy_decode`` model: ``embedding``, ``encoder``, ``decoder``, ``W_out``.

    ``W_out`` is scaled up so that the logits of the next token are spread (about 3
    apart): a correct decoder computed in float32 picks the same tokens.
    """
    g = rng(seed)
    return {
        "embedding": (g.standard_normal((vocab_size, d_model)) / np.sqrt(d_model)).astype(dtype),
        "encoder": encoder_params(seed + 1, d_model, d_ff, dtype),
        "decoder": decoder_params(seed + 2, d_model, d_ff, dtype),
        "W_out": (3.0 * g.standard_normal((d_model, vocab_size)) / np.sqrt(d_model)).astype(dtype),
    }
