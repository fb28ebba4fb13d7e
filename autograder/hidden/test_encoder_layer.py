"""Hidden tests for ``encoder_layer(x, params, num_heads, mask=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_float,
    check_shape,
    check_unchanged,
    expect_value_error,
    tolerances,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import encoder_params, normal
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("encoder_layer")

FN = "encoder_layer"
# Two layer norms and a softmax in a row: a float32 computation is accurate to
# about 1e-5, so float64 results are held to a slightly looser tolerance too.
RTOL, ATOL = tolerances(np.float32, scale=2.0)


def variant(x, p, num_heads, mask=None, *, norm="post", attention_residual=True,
            ffn_residual=True, relu="hidden", ffn_biases=True, use_mask=True):
    """The encoder layer with one part changed (the defaults give the right answer)."""
    x = x.astype(np.float64)
    ln1 = lambda z: ref.layer_norm(z, p["gamma_1"], p["beta_1"])  # noqa: E731
    ln2 = lambda z: ref.layer_norm(z, p["gamma_2"], p["beta_2"])  # noqa: E731

    def attention(z):
        out, _ = ref.multi_head_attention(z, z, p["W_q"], p["W_k"], p["W_v"], p["W_o"],
                                          num_heads, mask if use_mask else None)
        return out

    def ffn(z):
        b_1, b_2 = (p["b_1"], p["b_2"]) if ffn_biases else (0.0, 0.0)
        hidden = z @ p["W_1"] + b_1
        if relu == "hidden":
            hidden = np.maximum(hidden, 0.0)
        out = hidden @ p["W_2"] + b_2
        return np.maximum(out, 0.0) if relu == "output" else out

    if norm == "pre":
        a = x + attention(ln1(x))
        return a + ffn(ln2(a))
    a = ln1(x + attention(x) if attention_residual else attention(x))
    return ln2(a + ffn(a) if ffn_residual else ffn(a))


def mistakes(x, p, num_heads, mask=None) -> dict:
    """What the common mistakes would return for these arguments."""
    found = {
        f"mistake.{FN}.pre_norm": lambda: variant(x, p, num_heads, mask, norm="pre"),
        f"mistake.{FN}.no_attention_residual":
            lambda: variant(x, p, num_heads, mask, attention_residual=False),
        f"mistake.{FN}.no_ffn_residual": lambda: variant(x, p, num_heads, mask, ffn_residual=False),
        f"mistake.{FN}.relu_missing": lambda: variant(x, p, num_heads, mask, relu="none"),
        f"mistake.{FN}.relu_after_second_linear":
            lambda: variant(x, p, num_heads, mask, relu="output"),
        f"mistake.{FN}.ffn_without_biases":
            lambda: variant(x, p, num_heads, mask, ffn_biases=False),
        f"mistake.{FN}.num_heads_ignored": lambda: variant(x, p, 1, mask),
    }
    if mask is not None:
        found[f"mistake.{FN}.mask_ignored"] = lambda: variant(x, p, num_heads, mask, use_mask=False)
        found[f"mistake.{FN}.mask_inverted"] = lambda: variant(x, p, num_heads, ~np.asarray(mask))
    return found


def layer(seed: int, B: int, T: int, d_model: int, d_ff: int, dtype=np.float64):
    return normal(seed, (B, T, d_model), dtype=dtype), encoder_params(seed, d_model, d_ff, dtype)


def key_padding_mask(lengths, T: int) -> np.ndarray:
    """(B, 1, 1, T): the contract's padding mask indexed as a key mask."""
    return ref.padding_mask(np.array(lengths), T)[:, None, None, :]


CASES = [  # seed, B, T, d_model, d_ff, num_heads
    (1, 2, 5, 12, 20, 3),
    (2, 3, 5, 8, 6, 2),
    (3, 1, 7, 16, 24, 4),
]


@pytest.mark.parametrize(("seed", "B", "T", "d_model", "d_ff", "num_heads"), CASES)
def test_matches_definition(student, seed, B, T, d_model, d_ff, num_heads):
    x, p = layer(seed, B, T, d_model, d_ff)
    got = student.encoder_layer(x, p, num_heads)
    check_close(got, ref.encoder_layer(x, p, num_heads), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads))


@pytest.mark.parametrize(("seed", "lengths"), [(11, [5, 3]), (12, [2, 6, 4])])
def test_padding_key_mask(student, seed, lengths):
    B, T, d_model, d_ff, num_heads = len(lengths), 6, 20, 12, 4
    x, p = layer(seed, B, T, d_model, d_ff)
    mask = key_padding_mask(lengths, T)
    got = student.encoder_layer(x, p, num_heads, mask)
    check_close(got, ref.encoder_layer(x, p, num_heads, mask), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads, mask))


@pytest.mark.diagnosis
def test_padded_tokens_do_not_change_real_tokens(student):
    lengths, T, d_model, d_ff, num_heads = [4, 2], 5, 12, 8, 3
    x, p = layer(21, len(lengths), T, d_model, d_ff)
    mask = key_padding_mask(lengths, T)
    changed = x.copy()
    for b, length in enumerate(lengths):
        changed[b, length:] = normal(22 + b, (T - length, d_model), scale=5.0)
    first = as_result_array(student.encoder_layer(x, p, num_heads, mask))
    second = as_result_array(student.encoder_layer(changed, p, num_heads, mask))
    check_shape(first, x.shape)
    check_shape(second, x.shape)
    for b, length in enumerate(lengths):
        if not np.allclose(first[b, :length], second[b, :length], rtol=RTOL, atol=ATOL):
            raise Feedback(f"mistake.{FN}.padding_leaks")


def test_causal_mask_hides_the_future(student):
    B, T, d_model, d_ff, num_heads = 2, 6, 12, 10, 4
    x, p = layer(31, B, T, d_model, d_ff)
    mask = ref.causal_mask(T)  # (T, T), broadcast over batch and heads
    got = student.encoder_layer(x, p, num_heads, mask)
    check_close(got, ref.encoder_layer(x, p, num_heads, mask), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads, mask))


@pytest.mark.parametrize(("seed", "B", "T", "d_model", "d_ff", "num_heads"),
                         [(41, 2, 5, 12, 7, 4), (42, 3, 5, 16, 12, 2)])
def test_output_is_the_second_layer_norm(student, seed, B, T, d_model, d_ff, num_heads):
    # Post-norm: with gamma_2 = 1 and beta_2 = 0 every output row has mean 0 and variance 1.
    x, p = layer(seed, B, T, d_model, d_ff)
    p["gamma_2"], p["beta_2"] = np.ones(d_model), np.zeros(d_model)
    got = as_result_array(student.encoder_layer(x, p, num_heads))
    check_float(got)
    check_shape(got, x.shape)
    if not (np.allclose(got.mean(axis=-1), 0.0, atol=1e-5)
            and np.allclose(got.var(axis=-1), 1.0, rtol=1e-3)):
        raise Feedback(f"mistake.{FN}.not_post_norm")
    check_close(got, ref.encoder_layer(x, p, num_heads), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads))


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    B, T, d_model, d_ff, num_heads = 2, 4, 15, 9, 3
    x = normal(51, (B, T, d_model), dtype=dtype, scale=2.0)
    p = encoder_params(51, d_model, d_ff, np.float32 if dtype == np.float32 else np.float64)
    got = as_result_array(student.encoder_layer(x, p, num_heads))
    check_float(got)
    rtol, atol = tolerances(dtype, scale=10.0)
    check_close(got, ref.encoder_layer(x, p, num_heads), rtol=rtol, atol=atol,
                mistakes=mistakes(x, p, num_heads))


def test_inputs_and_params_are_not_modified(student):
    B, T, d_model, d_ff, num_heads = 2, 5, 12, 7, 4
    x, p = layer(61, B, T, d_model, d_ff)
    mask = key_padding_mask([3, 2], T)
    params_copy = {name: value.copy() for name, value in p.items()}
    returned = student.call("encoder_layer", (x.copy(), params_copy, num_heads, mask.copy()), {},
                            return_inputs=True)
    check_unchanged(returned, (x, p, num_heads, mask), names=("x", "params", "num_heads", "mask"))
    after = returned.args[1]
    if not isinstance(after, dict) or set(after) != set(p):
        raise Feedback("check.modified_input", what="params")
    for name, before in p.items():
        value = after[name]
        if not (isinstance(value, np.ndarray) and value.shape == before.shape
                and np.array_equal(value, before)):
            raise Feedback("check.modified_input", what=f"params['{name}']")
    check_close(returned.value, ref.encoder_layer(x, p, num_heads, mask), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads, mask))


def test_read_only_inputs(student):
    B, T, d_model, d_ff, num_heads = 3, 2, 8, 6, 2
    x, p = layer(71, B, T, d_model, d_ff)
    got = student.call("encoder_layer", (x, p, num_heads), {}, readonly=True)
    check_close(got, ref.encoder_layer(x, p, num_heads), rtol=RTOL, atol=ATOL,
                mistakes=mistakes(x, p, num_heads))


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("d_model", "num_heads"), [(8, 3), (6, 4)])
def test_indivisible_heads_raise_value_error(student, d_model, num_heads):
    x, p = layer(81, 2, 3, d_model, 5)
    expect_value_error(lambda: student.encoder_layer(x, p, num_heads),
                       f"d_model={d_model}, num_heads={num_heads}")
