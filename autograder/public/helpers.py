"""Small helpers shared by the public checks (no reference solutions here)."""

from __future__ import annotations

import numpy as np

from autograder.feedback import Feedback


def rows_of_ones(values: np.ndarray, along: int, key: str, **params) -> None:
    """Every slice of ``values`` along axis ``along`` must sum to 1, else ``Feedback(key)``."""
    if not np.allclose(np.sum(values, axis=along), 1.0, atol=1e-6):
        raise Feedback(key, **params)


def non_negative(values: np.ndarray, key: str, **params) -> None:
    if np.any(values < 0):
        raise Feedback(key, **params)


def exactly_zero_where(values: np.ndarray, where: np.ndarray, key: str) -> None:
    """``values`` must be exactly 0 wherever ``where`` is True."""
    if np.any(values[np.broadcast_to(where, values.shape)] != 0):
        raise Feedback(key)


def normalised_rows(x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """``(x - mean) / sqrt(var + eps)`` over the last axis: layer norm with gamma 1, beta 0."""
    mean = x.mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
