"""Hidden tests for ``scaled_dot_product_attention(q, k, v, mask=None)``.

All cases keep T_q, T_k, d_k and d_v distinct, so that a wrong scale, a wrong
softmax axis or a missing transpose cannot hide behind equal sizes.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    check_close,
    check_finite,
    check_float,
    check_shape,
    check_unchanged,
    expect_value_error,
    tolerances,
    unpack,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import attention_mask, normal, sequence_lengths
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("scaled_dot_product_attention")

KEY = "mistake.scaled_dot_product_attention."
NAMES = ("output", "weights")


def attention(q, k, v, mask=None, *, divide_by=None, axis=-1, masking="minus_inf"):
    """Attention as written, or as a known mistake writes it.

    Args:
        divide_by: what the scores are divided by (sqrt(d_k) when None).
        axis: the axis the softmax normalises.
        masking: "minus_inf" (right), "times_mask" (masked scores become 0),
            "inverted" (True masks out) or "after_softmax" (weights times mask).
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    scale = np.sqrt(q.shape[-1]) if divide_by is None else divide_by
    scores = q @ np.swapaxes(k, -1, -2) / scale
    if mask is not None and masking == "minus_inf":
        scores = np.where(mask, scores, -np.inf)
    elif mask is not None and masking == "times_mask":
        scores = scores * mask
    elif mask is not None and masking == "inverted":
        scores = np.where(mask, -np.inf, scores)
    weights = ref.softmax(scores, axis=axis)
    if mask is not None and masking == "after_softmax":
        weights = weights * mask
    return weights @ v, weights


def mistakes(q, k, v, mask=None) -> dict[str, dict]:
    """For each part of the answer ("output", "weights"): message key -> wrong answer."""
    d_v, t_k = v.shape[-1], k.shape[-2]
    variants = {
        "scaled_by_d_k": {"divide_by": q.shape[-1]},
        "no_scaling": {"divide_by": 1.0},
        "scaled_by_sqrt_d_v": {"divide_by": np.sqrt(d_v)},
        "scaled_by_sqrt_t_k": {"divide_by": np.sqrt(t_k)},
    }
    if mask is None:
        variants["softmax_over_queries"] = {"axis": -2}
    else:
        variants.update({
            "mask_multiplied": {"masking": "times_mask"},
            "mask_inverted": {"masking": "inverted"},
            "mask_after_softmax": {"masking": "after_softmax"},
        })
    found: dict[str, dict] = {"output": {}, "weights": {}}
    for name, options in variants.items():
        for index, part in enumerate(NAMES):
            found[part][KEY + name] = (
                lambda options=options, index=index: attention(q, k, v, mask, **options)[index]
            )
    return found


def shape_mistakes(expected_output, expected_weights) -> dict[str, dict]:
    """Known mistakes that give a part of the answer another shape."""
    return {
        "output": {
            KEY + "returned_in_wrong_order": lambda: expected_weights,
            KEY + "output_transposed": lambda: np.swapaxes(expected_output, -1, -2),
        },
        "weights": {KEY + "returned_in_wrong_order": lambda: expected_output},
    }


def name_shape_mistake(actual: np.ndarray, expected: np.ndarray, found: dict, what: str) -> None:
    """If ``actual`` has the wrong shape and matches a known mistake, name it."""
    if actual.shape == expected.shape:
        return
    for key, wrong in found.items():
        candidate = np.asarray(wrong())
        if candidate.shape == actual.shape and np.allclose(actual, candidate, rtol=1e-4, atol=1e-6):
            raise Feedback(key, what=what)


def check_attention(got, q, k, v, mask=None, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Compare ``(output, weights)`` with the reference, weights first; name known mistakes."""
    output, weights = unpack(got, NAMES)
    expected = ref.scaled_dot_product_attention(q, k, v, mask)
    by_shape = shape_mistakes(*expected)
    by_value = mistakes(q, k, v, mask)
    rtol, atol = tolerances(dtype)
    for index in (1, 0):
        part, answer = NAMES[index], (output, weights)[index]
        name_shape_mistake(answer, expected[index], by_shape[part], part)
        check_float(answer, part)
        check_close(answer, expected[index], part, rtol=rtol, atol=atol, mistakes=by_value[part])
    return output, weights


def qkv(seed: int, batch: tuple[int, ...], t_q: int, t_k: int, d_k: int, d_v: int,
        dtype=np.float64, scale: float = 1.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """q ``(*batch, t_q, d_k)``, k ``(*batch, t_k, d_k)``, v ``(*batch, t_k, d_v)``."""
    return (
        normal(seed, (*batch, t_q, d_k), dtype, scale),
        normal(seed + 1, (*batch, t_k, d_k), dtype, scale),
        normal(seed + 2, (*batch, t_k, d_v), dtype, scale),
    )


def shifted_causal(t_q: int, t_k: int) -> np.ndarray:
    """``(t_q, t_k)``: query i sees keys j <= i + max(t_k - t_q, 0); every query sees a key."""
    return np.arange(t_k)[None, :] <= np.arange(t_q)[:, None] + max(t_k - t_q, 0)


def key_padding(seed: int, batch: int, t_k: int) -> np.ndarray:
    """``(batch, t_k)``: True on the real keys of each sequence."""
    return np.arange(t_k)[None, :] < sequence_lengths(seed, batch, t_k)[:, None]


UNBATCHED = [  # seed, batch dims, T_q, T_k, d_k, d_v
    (1, (), 3, 6, 5, 2),
    (2, (), 5, 4, 7, 3),
]
BATCHED = [
    (3, (2,), 4, 7, 3, 5),
    (4, (3,), 6, 2, 4, 9),
    (5, (2, 3), 4, 5, 6, 7),
]


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_k", "d_v"), UNBATCHED)
def test_matches_definition(student, seed, batch, t_q, t_k, d_k, d_v):
    q, k, v = qkv(seed, batch, t_q, t_k, d_k, d_v)
    check_attention(student.scaled_dot_product_attention(q, k, v), q, k, v)


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_k", "d_v"), BATCHED)
def test_leading_batch_dimensions(student, seed, batch, t_q, t_k, d_k, d_v):
    q, k, v = qkv(seed, batch, t_q, t_k, d_k, d_v)
    check_attention(student.scaled_dot_product_attention(q, k, v), q, k, v)


MASKS = [  # seed, batch dims, T_q, T_k, d_k, d_v, mask maker
    (11, (), 4, 6, 3, 5, lambda s, b, tq, tk: shifted_causal(tq, tk)),
    (12, (2,), 5, 3, 4, 6, lambda s, b, tq, tk: shifted_causal(tq, tk)),
    (13, (3,), 4, 6, 5, 2, lambda s, b, tq, tk: attention_mask(s, (*b, tq, tk))),
    (14, (3,), 2, 5, 4, 6, lambda s, b, tq, tk: key_padding(s, b[0], tk)[:, None, :]),
    (15, (2, 3), 4, 7, 5, 6, lambda s, b, tq, tk: attention_mask(s, (b[0], 1, tq, tk))),
    (16, (3, 2), 5, 6, 4, 7, lambda s, b, tq, tk: key_padding(s, b[0], tk)[:, None, None, :]),
    (17, (2, 4), 6, 5, 3, 7, lambda s, b, tq, tk: shifted_causal(tq, tk)),
    (18, (2, 3), 4, 6, 5, 3, lambda s, b, tq, tk: key_padding(s, 2, tk)[1]),
]


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_k", "d_v", "make_mask"), MASKS)
def test_masks_of_several_broadcast_shapes(student, seed, batch, t_q, t_k, d_k, d_v, make_mask):
    q, k, v = qkv(seed, batch, t_q, t_k, d_k, d_v)
    mask = make_mask(seed, batch, t_q, t_k)
    check_attention(student.scaled_dot_product_attention(q, k, v, mask=mask), q, k, v, mask)


@pytest.mark.parametrize(("seed", "batch", "mask_shape"), [
    (21, (), (5, 7)),
    (22, (3,), (3, 5, 7)),
    (23, (2, 3), (2, 1, 5, 7)),
])
def test_masked_weights_are_exactly_zero(student, seed, batch, mask_shape):
    q, k, v = qkv(seed, batch, 5, 7, 4, 3)
    mask = attention_mask(seed, mask_shape)
    _, weights = check_attention(
        student.scaled_dot_product_attention(q, k, v, mask=mask), q, k, v, mask
    )
    if np.any(weights[~np.broadcast_to(mask, weights.shape)] != 0):
        raise Feedback(KEY + "masked_weight_not_zero")


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "masked"), [
    (31, (), False), (32, (2, 3), False), (33, (3,), True), (34, (2, 2), True),
])
def test_rows_of_weights_sum_to_one(student, seed, batch, masked):
    q, k, v = qkv(seed, batch, 6, 4, 5, 3)
    mask = attention_mask(seed, (*batch, 6, 4)) if masked else None
    _, weights = unpack(student.scaled_dot_product_attention(q, k, v, mask=mask), NAMES)
    check_shape(weights, (*batch, 6, 4), "weights")
    check_finite(weights, "weights")
    if not np.allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-6):
        if masked and np.allclose(weights, attention(q, k, v, mask, masking="after_softmax")[1]):
            raise Feedback(KEY + "mask_after_softmax", what="weights")
        if np.allclose(weights.sum(axis=-2), 1.0, rtol=0, atol=1e-6):
            raise Feedback(KEY + "softmax_over_queries", what="weights")
        raise Feedback(KEY + "weights_not_normalised")


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "masked"), [
    (41, (), False), (42, (3,), True), (43, (2, 3), True),
])
def test_output_is_weighted_average_of_values(student, seed, batch, masked):
    q, k, v = qkv(seed, batch, 4, 6, 3, 5, scale=2.0)
    mask = attention_mask(seed, (*batch, 4, 6)) if masked else np.ones((4, 6), dtype=bool)
    output, weights = unpack(student.scaled_dot_product_attention(q, k, v, mask=mask), NAMES)
    check_shape(output, (*batch, 4, 5), "output")
    check_shape(weights, (*batch, 4, 6), "weights")
    check_finite(output)
    # Inside the convex hull of the attended value rows: at least inside their bounding box.
    seen = np.broadcast_to(mask, weights.shape)[..., None]  # (..., T_q, T_k, 1)
    rows = v[..., None, :, :]  # (..., 1, T_k, d_v)
    low = np.where(seen, rows, np.inf).min(axis=-2)  # (..., T_q, d_v)
    high = np.where(seen, rows, -np.inf).max(axis=-2)
    if np.any(output < low - 1e-6) or np.any(output > high + 1e-6):
        raise Feedback(KEY + "output_outside_values")
    if not np.allclose(output, weights @ v, rtol=1e-4, atol=1e-6):
        raise Feedback(KEY + "output_not_weights_times_values")


@pytest.mark.parametrize(("seed", "masked"), [(51, False), (52, True)])
def test_large_scores_stay_finite(student, seed, masked):
    # q and k of scale 30 with d_k = 4: scores / sqrt(d_k) of the order of 1e3.
    q, k, v = qkv(seed, (2,), 5, 6, 4, 3, scale=30.0)
    mask = attention_mask(seed, (2, 5, 6)) if masked else None
    output, weights = unpack(student.scaled_dot_product_attention(q, k, v, mask=mask), NAMES)
    check_finite(weights, "weights", hint=KEY + "overflow")
    check_finite(output, "output", hint=KEY + "overflow")
    check_attention((output, weights), q, k, v, mask)


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    q, k, v = qkv(61, (2,), 4, 6, 3, 5, dtype=dtype, scale=1.5 if dtype == np.float32 else 2.0)
    mask = shifted_causal(4, 6)
    got = student.scaled_dot_product_attention(q, k, v, mask=mask)
    check_attention(got, q, k, v, mask, dtype=dtype)


def test_inputs_are_not_modified(student):
    q, k, v = qkv(71, (2,), 4, 6, 3, 5)
    mask = attention_mask(71, (2, 4, 6))
    args = (q, k, v, mask)
    returned = student.call("scaled_dot_product_attention", tuple(a.copy() for a in args), {},
                            return_inputs=True)
    check_unchanged(returned, args, names=("q", "k", "v", "mask"))
    check_attention(returned.value, q, k, v, mask)


def test_read_only_inputs(student):
    q, k, v = qkv(72, (3,), 5, 4, 6, 2)
    mask = attention_mask(72, (5, 4))
    got = student.call("scaled_dot_product_attention", (q, k, v), {"mask": mask}, readonly=True)
    check_attention(got, q, k, v, mask)


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("q_shape", "k_shape", "v_shape", "case"), [
    ((3, 4), (5, 2), (5, 6), "q (3, 4), k (5, 2)"),
    ((2, 3, 1), (2, 5, 4), (2, 5, 6), "q (2, 3, 1), k (2, 5, 4)"),
    ((3, 4), (5, 4), (6, 2), "k (5, 4), v (6, 2)"),
    ((2, 3, 4), (2, 5, 4), (2, 1, 6), "k (2, 5, 4), v (2, 1, 6)"),
])
def test_mismatched_inner_dimensions_raise_value_error(student, q_shape, k_shape, v_shape, case):
    q, k, v = normal(81, q_shape), normal(82, k_shape), normal(83, v_shape)
    expect_value_error(lambda: student.scaled_dot_product_attention(q, k, v), case)
