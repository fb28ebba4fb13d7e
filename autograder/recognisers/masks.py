"""Known mistakes in ``causal_mask`` and ``padding_mask``, named from the mask's pattern."""

from __future__ import annotations

import numpy as np

from autograder.checks import as_result_array, check_shape
from autograder.feedback import Feedback

CAUSAL = "mistake.causal_mask."
PADDING = "mistake.padding_mask."


def causal_mask_mistakes(n: int) -> dict[str, np.ndarray]:
    """Message key -> the ``(n, n)`` pattern that mistake returns for ``seq_len = n``."""
    rows, cols = np.arange(n)[:, None], np.arange(n)[None, :]
    return {
        CAUSAL + "diagonal_excluded": cols < rows,
        CAUSAL + "upper_triangle": cols >= rows,
        CAUSAL + "inverted": cols > rows,
    }


def padding_mask_mistakes(lengths: np.ndarray, max_len: int) -> dict[str, np.ndarray]:
    """Message key -> the ``(B, max_len)`` pattern that mistake returns."""
    t, n = np.arange(max_len)[None, :], np.asarray(lengths)[:, None]
    return {
        PADDING + "off_by_one": t <= n,
        PADDING + "inverted": t >= n,
    }


def name_mask_mistake(mask: np.ndarray, expected: np.ndarray,
                      mistakes: dict[str, np.ndarray]) -> None:
    """Raise ``Feedback`` naming the mistake whose True/False pattern ``mask`` has.

    A mistake whose pattern equals ``expected`` (e.g. every length is ``max_len``)
    is not named: it cannot be told apart from the right answer there.
    """
    pattern = np.asarray(mask) != 0
    for key, wrong in mistakes.items():
        if pattern.shape == wrong.shape and np.array_equal(pattern, wrong) and (
            not np.array_equal(wrong, expected)
        ):
            raise Feedback(key, what="mask")


def padding_mask_of(value, expected: np.ndarray) -> np.ndarray:
    """``value`` as an array of ``expected``'s shape, or feedback (naming a transposed mask)."""
    mask = as_result_array(value, "mask")
    if mask.shape != expected.shape and mask.shape == expected.T.shape and (
        np.array_equal(mask != 0, expected.T)
    ):
        raise Feedback(PADDING + "transposed", what="mask")
    check_shape(mask, expected.shape, "mask")
    return mask
