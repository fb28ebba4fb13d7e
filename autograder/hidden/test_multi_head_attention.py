"""Hidden tests for ``multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None)``.

Sizes are chosen so that d_model, d_head, T_q, T_k, B and num_heads differ,
which makes every known mistake change the answer.
"""

from __future__ import annotations

from collections.abc import Callable

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
from autograder.hidden.inputs import (
    Projections,
    attention_mask,
    attention_projections,
    normal,
    sequence_lengths,
)
from autograder.hidden.reference import ref
from autograder.recognisers.attention import output_projection_mistakes

pytestmark = pytest.mark.grades("multi_head_attention")

KEY = "mistake.multi_head_attention."
NAMES = ("output", "weights")


def split_without_transpose(x: np.ndarray, num_heads: int) -> np.ndarray:
    b, t, d = x.shape
    return x.reshape(b, num_heads, t, d // num_heads)


def split_interleaved(x: np.ndarray, num_heads: int) -> np.ndarray:
    b, t, d = x.shape
    return x.reshape(b, t, d // num_heads, num_heads).transpose(0, 3, 1, 2)


def merge_without_transpose(x: np.ndarray) -> np.ndarray:
    b, h, t, d = x.shape
    return x.reshape(b, t, h * d)


def merge_interleaved(x: np.ndarray) -> np.ndarray:
    b, h, t, d = x.shape
    return x.transpose(0, 2, 3, 1).reshape(b, t, h * d)


def block_diagonal(w: np.ndarray, num_heads: int) -> np.ndarray:
    """``w`` with only its num_heads diagonal (d_head, d_head) blocks kept."""
    d_head = w.shape[0] // num_heads
    heads = np.arange(w.shape[0]) // d_head
    return w * (heads[:, None] == heads[None, :])


def mha(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None, *,
        split: Callable = ref.split_heads, merge: Callable = ref.merge_heads,
        divide_by: float | None = None, project: Callable = lambda x, w: x @ w,
        output_projection: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head attention as written, or as a known mistake writes it."""
    x_q, x_kv = np.asarray(x_q, dtype=np.float64), np.asarray(x_kv, dtype=np.float64)
    q = split(project(x_q, W_q), num_heads)
    k = split(project(x_kv, W_k), num_heads)
    v = split(project(x_kv, W_v), num_heads)
    scale = np.sqrt(q.shape[-1]) if divide_by is None else divide_by
    scores = q @ np.swapaxes(k, -1, -2) / scale
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = ref.softmax(scores)
    out = merge(weights @ v)
    return (out @ W_o if output_projection else out), weights


def mistakes(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None) -> dict[str, dict]:
    """For each part ("output", "weights"): message key -> what that mistake returns.

    Some mistakes give another shape; :func:`check_part` names those too.
    """
    args = (x_q, x_kv, W_q, W_k, W_v, W_o, num_heads)
    d_model = x_q.shape[-1]
    variants: dict[str, Callable[[], tuple]] = {
        "scaled_by_sqrt_d_model": lambda: mha(*args, mask, divide_by=np.sqrt(d_model)),
        "no_scaling": lambda: mha(*args, mask, divide_by=1.0),
        "split_without_transpose": lambda: mha(*args, mask, split=split_without_transpose,
                                               merge=merge_without_transpose),
        "heads_interleaved": lambda: mha(*args, mask, split=split_interleaved,
                                         merge=merge_interleaved),
        "merge_without_transpose": lambda: mha(*args, mask, merge=merge_without_transpose),
        "projection_transposed": lambda: mha(*args, mask, project=lambda x, w: x @ w.T),
        "projection_per_head_block": lambda: mha(
            *args, mask, project=lambda x, w: x @ block_diagonal(w, num_heads)),
    }
    if x_q.shape != x_kv.shape or not np.array_equal(x_q, x_kv):  # cross-attention
        variants["keys_values_from_x_q"] = lambda: mha(x_q, x_q, *args[2:], mask)
        variants["queries_from_x_kv"] = lambda: mha(x_kv, x_q, *args[2:], mask)
    if mask is not None:
        variants["mask_ignored"] = lambda: mha(*args)
    found: dict[str, dict] = {"output": {}, "weights": {}}
    for name, variant in variants.items():
        for index, part in enumerate(NAMES):
            found[part][KEY + name] = lambda variant=variant, index=index: variant()[index]
    found["output"].update(output_projection_mistakes(
        lambda: mha(*args, mask, output_projection=False)[0]))
    found["weights"][KEY + "weights_averaged"] = lambda: mha(*args, mask)[1].mean(axis=1)
    return found


def name_shape_mistake(answer: np.ndarray, expected_shape: tuple, found: dict, part: str,
                       dtype=np.float64) -> None:
    """If ``answer`` has the wrong shape because of a known mistake, name it."""
    if answer.shape == tuple(expected_shape):
        return
    rtol, atol = tolerances(dtype)
    for key, wrong in found.items():
        try:
            candidate = np.asarray(wrong())
        except Exception:  # this mistake cannot even run on these shapes
            continue
        if candidate.shape == answer.shape and np.allclose(answer, candidate, rtol, atol):
            raise Feedback(key, what=part)


def check_part(answer: np.ndarray, expected: np.ndarray, found: dict, part: str, dtype) -> None:
    """Compare one part of the answer; name a known mistake, also one that changes the shape."""
    rtol, atol = tolerances(dtype)
    name_shape_mistake(answer, expected.shape, found, part, dtype)
    check_float(answer, part)
    check_close(answer, expected, part, rtol=rtol, atol=atol, mistakes=found)


def check_mha(got, x_q, x_kv, W: Projections, num_heads, mask=None, dtype=np.float64):
    """Compare ``(output, weights)`` with the reference, weights first."""
    output, weights = unpack(got, NAMES)
    expected = ref.multi_head_attention(x_q, x_kv, *W, num_heads, mask)
    found = mistakes(x_q, x_kv, *W, num_heads, mask)
    check_part(weights, expected[1], found["weights"], "weights", dtype)
    check_part(output, expected[0], found["output"], "output", dtype)
    return output, weights


SELF = [  # seed, B, T, d_model, num_heads
    (1, 2, 5, 12, 3),
    (2, 3, 4, 10, 2),
    (3, 3, 6, 8, 4),
]


@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), SELF)
def test_self_attention_matches_definition(student, seed, batch, t, d_model, num_heads):
    x = normal(seed, (batch, t, d_model))
    W = attention_projections(seed, d_model)
    check_mha(student.multi_head_attention(x, x, *W, num_heads), x, x, W, num_heads)


CROSS = [  # seed, B, T_q, T_k, d_model, num_heads
    (11, 2, 4, 7, 12, 3),
    (12, 3, 6, 2, 10, 5),
]


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_model", "num_heads"), CROSS)
def test_cross_attention_with_different_lengths(student, seed, batch, t_q, t_k, d_model,
                                                num_heads):
    x_q, x_kv = normal(seed, (batch, t_q, d_model)), normal(seed + 1, (batch, t_k, d_model))
    W = attention_projections(seed, d_model)
    check_mha(student.multi_head_attention(x_q, x_kv, *W, num_heads), x_q, x_kv, W, num_heads)


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_model", "num_heads"), CROSS)
def test_weights_are_one_map_per_head(student, seed, batch, t_q, t_k, d_model, num_heads):
    x_q, x_kv = normal(seed, (batch, t_q, d_model)), normal(seed + 1, (batch, t_k, d_model))
    W = attention_projections(seed, d_model)
    _, weights = unpack(student.multi_head_attention(x_q, x_kv, *W, num_heads), NAMES)
    expected = ref.multi_head_attention(x_q, x_kv, *W, num_heads)[1]
    found = mistakes(x_q, x_kv, *W, num_heads)["weights"]
    if weights.shape == (batch, t_q, t_k):
        raise Feedback(KEY + "weights_averaged", what="weights")
    name_shape_mistake(weights, expected.shape, found, "weights")
    check_shape(weights, expected.shape, "weights")
    check_finite(weights, "weights")
    if not np.allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-6):
        raise Feedback(KEY + "weights_not_normalised")
    if np.allclose(weights, weights.mean(axis=1, keepdims=True), rtol=1e-4, atol=1e-6):
        raise Feedback(KEY + "weights_averaged", what="weights")
    check_close(weights, expected, "weights", mistakes=found)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), SELF[:2])
def test_each_head_attends_with_its_slice_of_the_projections(student, seed, batch, t, d_model,
                                                             num_heads):
    # Head h must attend with features h*d_head:(h+1)*d_head of x @ W_q and x @ W_k.
    x = normal(seed + 20, (batch, t, d_model))
    W = attention_projections(seed + 20, d_model)
    _, weights = unpack(student.multi_head_attention(x, x, *W, num_heads), NAMES)
    found = mistakes(x, x, *W, num_heads)["weights"]
    name_shape_mistake(weights, (batch, num_heads, t, t), found, "weights")
    check_shape(weights, (batch, num_heads, t, t), "weights")
    d_head = d_model // num_heads
    for h in range(num_heads):
        features = slice(h * d_head, (h + 1) * d_head)
        q, k = (x @ W[0])[..., features], (x @ W[1])[..., features]
        _, expected = ref.scaled_dot_product_attention(q, k, q)
        if not np.allclose(weights[:, h], expected, rtol=1e-4, atol=1e-6):
            check_close(weights, ref.multi_head_attention(x, x, *W, num_heads)[1], "weights",
                        mistakes=found)
            raise Feedback(KEY + "wrong_head_features", head=h, start=features.start,
                           stop=features.stop)


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_model"), [
    (31, 2, 5, 5, 6), (32, 3, 4, 6, 5),
])
def test_single_head_equals_plain_attention(student, seed, batch, t_q, t_k, d_model):
    x_q, x_kv = normal(seed, (batch, t_q, d_model)), normal(seed + 1, (batch, t_k, d_model))
    W = attention_projections(seed, d_model)
    output, weights = unpack(student.multi_head_attention(x_q, x_kv, *W, 1), NAMES)
    heads, expected_weights = ref.scaled_dot_product_attention(x_q @ W[0], x_kv @ W[1],
                                                               x_kv @ W[2])
    found = mistakes(x_q, x_kv, *W, 1)
    check_part(weights, expected_weights[:, None], found["weights"], "weights", np.float64)
    check_part(output, heads @ W[3], found["output"], "output", np.float64)


def causal(batch, t_q, t_k, seed):
    return ref.causal_mask(t_q)


def key_padding(batch, t_q, t_k, seed):
    lengths = sequence_lengths(seed, batch, t_k)
    return (np.arange(t_k)[None, :] < lengths[:, None])[:, None, None, :]


def per_query(batch, t_q, t_k, seed):
    return attention_mask(seed, (batch, 1, t_q, t_k))


@pytest.mark.parametrize(("seed", "batch", "t_q", "t_k", "d_model", "num_heads", "make_mask"), [
    (41, 2, 5, 5, 12, 3, causal),
    (42, 3, 4, 7, 10, 2, key_padding),
    (43, 2, 6, 5, 12, 4, per_query),
])
def test_masks(student, seed, batch, t_q, t_k, d_model, num_heads, make_mask):
    x_q = normal(seed, (batch, t_q, d_model))
    x_kv = x_q if t_q == t_k else normal(seed + 1, (batch, t_k, d_model))
    W = attention_projections(seed, d_model)
    mask = make_mask(batch, t_q, t_k, seed)
    got = student.multi_head_attention(x_q, x_kv, *W, num_heads, mask=mask)
    _, weights = check_mha(got, x_q, x_kv, W, num_heads, mask)
    if np.any(weights[~np.broadcast_to(mask, weights.shape)] != 0):
        raise Feedback(KEY + "masked_weight_not_zero")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    if dtype == np.float32:
        x_q, x_kv = normal(51, (2, 4, 12), dtype), normal(52, (2, 6, 12), dtype)
        W = attention_projections(51, 12, dtype)
    else:
        x_q, x_kv = normal(51, (2, 4, 12), dtype, 1.5), normal(52, (2, 6, 12), dtype, 1.5)
        W_q, W_k, W_v, W_o = (normal(53 + i, (12, 12), dtype, 0.6) for i in range(4))
        W = (W_q, W_k, W_v, W_o)
    got = student.multi_head_attention(x_q, x_kv, *W, 3)
    check_mha(got, x_q, x_kv, W, 3, dtype=dtype)


def test_inputs_are_not_modified(student):
    x_q, x_kv = normal(61, (2, 4, 10)), normal(62, (2, 6, 10))
    W = attention_projections(61, 10)
    mask = attention_mask(61, (2, 1, 4, 6))
    args = (x_q, x_kv, *W, 2)
    returned = student.call("multi_head_attention",
                            tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args),
                            {"mask": mask.copy()}, return_inputs=True)
    check_unchanged(returned, args, {"mask": mask},
                    names=("x_q", "x_kv", "W_q", "W_k", "W_v", "W_o", "num_heads"))
    check_mha(returned.value, x_q, x_kv, W, 2, mask)


def test_read_only_inputs(student):
    x_q, x_kv = normal(63, (3, 5, 12)), normal(64, (3, 4, 12))
    W = attention_projections(63, 12)
    mask = attention_mask(63, (3, 1, 1, 4))
    got = student.call("multi_head_attention", (x_q, x_kv, *W, 4), {"mask": mask}, readonly=True)
    check_mha(got, x_q, x_kv, W, 4, mask)


@pytest.mark.requires("test_self_attention_matches_definition")
@pytest.mark.parametrize(("d_model", "num_heads"), [(6, 4), (10, 3)])
def test_indivisible_d_model_raises_value_error(student, d_model, num_heads):
    x = normal(71, (2, 3, d_model))
    W = attention_projections(71, d_model)
    expect_value_error(lambda: student.multi_head_attention(x, x, *W, num_heads),
                       f"d_model={d_model}, num_heads={num_heads}")
