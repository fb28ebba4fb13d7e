"""Hidden tests for
``decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None)``.

Value checks partition the inputs: no masks (T_y != T_x), one decoder position,
a padding mask on the encoder output, a mask on the decoder's own keys (combined
with the causal mask), float32 and integer inputs, inputs that must stay
unchanged or are read-only.
"""

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
from autograder.hidden.inputs import attention_mask, decoder_params, layer_projections, normal
from autograder.hidden.reference import ref
from autograder.public.helpers import normalised_rows

pytestmark = pytest.mark.grades("decoder_layer")

FN = "decoder_layer"
# Three layer norms and two softmaxes in a row: float32 accuracy, a little looser.
RTOL, ATOL = tolerances(np.float32, scale=2.0)


def variant(y, memory, p, num_heads, self_mask=None, memory_mask=None, *, norm="post",
            causal="lower", combine="and", cross_mask="given", cross_kv="memory",
            cross_q="a", cross_residual="a", order="self_first", weights="right",
            relu=True, ffn_biases=True):
    """The decoder layer with one part changed (the defaults give the right answer)."""
    y = np.asarray(y, dtype=np.float64)
    memory = np.asarray(memory, dtype=np.float64)
    T_y = y.shape[-2]
    rows, cols = np.arange(T_y)[:, None], np.arange(T_y)[None, :]
    pattern = {"lower": cols <= rows, "upper": cols >= rows, "none": np.ones((T_y, T_y), bool)}
    mask = pattern[causal]
    if self_mask is not None and combine == "and":
        mask = np.logical_and(mask, self_mask)
    elif self_mask is not None and combine == "replace":
        mask = np.broadcast_to(self_mask, np.broadcast_shapes(np.shape(self_mask), mask.shape))
    first, second = ("1", "2") if weights == "right" else ("2", "1")

    def ln(z, i):
        return ref.layer_norm(z, p[f"gamma_{i}"], p[f"beta_{i}"])

    def self_attention(z):
        out, _ = ref.multi_head_attention(z, z, *layer_projections(p, first), num_heads, mask)
        return out

    def cross_attention(q_in, kv_in):
        masks = {"given": memory_mask, "none": None, "causal": pattern["lower"]}
        out, _ = ref.multi_head_attention(q_in, kv_in, *layer_projections(p, second),
                                          num_heads, masks[cross_mask])
        return out

    def ffn(z):
        b_1, b_2 = (p["b_1"], p["b_2"]) if ffn_biases else (0.0, 0.0)
        hidden = z @ p["W_1"] + b_1
        return (np.maximum(hidden, 0.0) if relu else hidden) @ p["W_2"] + b_2

    if norm == "pre":
        a = y + self_attention(ln(y, 1))
        b = a + cross_attention(ln(a, 2), memory)
        return b + ffn(ln(b, 3))
    if order == "cross_first":
        a = ln(y + cross_attention(y, memory), 1)
        b = ln(a + self_attention(a), 2)
        return ln(b + ffn(b), 3)
    a = ln(y + self_attention(y), 1)
    queries = {"a": a, "y": y, "memory": memory}[cross_q]
    keys_values = {"memory": memory, "a": a}[cross_kv]
    residual = {"a": a, "y": y}[cross_residual]
    b = ln(residual + cross_attention(queries, keys_values), 2)
    return ln(b + ffn(b), 3)


def mistakes(y, memory, p, num_heads, self_mask=None, memory_mask=None) -> dict:
    """What the common mistakes would return for these arguments."""

    def v(**change):
        return lambda: variant(y, memory, p, num_heads, self_mask, memory_mask, **change)

    found = {}  # the mistakes specific to a given mask first: they are the better names
    if self_mask is not None:
        found[f"mistake.{FN}.self_mask_replaces_causal"] = v(combine="replace")
        found[f"mistake.{FN}.self_mask_ignored"] = (
            lambda: variant(y, memory, p, num_heads, None, memory_mask))
    if memory_mask is not None:
        found[f"mistake.{FN}.memory_mask_ignored"] = v(cross_mask="none")
    found |= {
        f"mistake.{FN}.no_causal_mask": v(causal="none"),
        f"mistake.{FN}.causal_mask_upper_triangle": v(causal="upper"),
        f"mistake.{FN}.cross_attention_keys_from_decoder": v(cross_kv="a"),
        f"mistake.{FN}.cross_attention_queries_from_y": v(cross_q="y"),
        f"mistake.{FN}.causal_mask_in_cross_attention": v(cross_mask="causal"),
        f"mistake.{FN}.cross_attention_queries_from_memory": v(cross_q="memory", cross_kv="a"),
        f"mistake.{FN}.cross_residual_from_y": v(cross_residual="y"),
        f"mistake.{FN}.self_and_cross_weights_swapped": v(weights="swapped"),
        f"mistake.{FN}.cross_attention_first": v(order="cross_first"),
        f"mistake.{FN}.pre_norm": v(norm="pre"),
        f"mistake.{FN}.relu_missing": v(relu=False),
        f"mistake.{FN}.ffn_without_biases": v(ffn_biases=False),
        f"mistake.{FN}.num_heads_ignored":
            lambda: variant(y, memory, p, 1, self_mask, memory_mask),
    }
    return found


def layer(seed: int, B: int, T_y: int, T_x: int, d_model: int, d_ff: int, dtype=np.float64):
    """``(y, memory, params)`` of the given sizes."""
    return (normal(seed, (B, T_y, d_model), dtype=dtype),
            normal(seed + 1000, (B, T_x, d_model), dtype=dtype),
            decoder_params(seed, d_model, d_ff, dtype))


def key_padding_mask(lengths, T: int) -> np.ndarray:
    """(B, 1, 1, T): the contract's padding mask indexed as a key mask."""
    return ref.padding_mask(np.array(lengths), T)[:, None, None, :]


def check(got, y, memory, p, num_heads, self_mask=None, memory_mask=None, rtol=RTOL, atol=ATOL):
    expected = ref.decoder_layer(y, memory, p, num_heads, self_mask, memory_mask)
    check_close(got, expected, rtol=rtol, atol=atol,
                mistakes=mistakes(y, memory, p, num_heads, self_mask, memory_mask))


CASES = [  # seed, B, T_y, T_x, d_model, d_ff, num_heads
    # First T_y = T_x, where a causal mask in the cross-attention does not crash and can be
    # named (the first failing case decides the feedback).
    (4, 2, 5, 5, 12, 9, 2),
    (1, 2, 4, 6, 12, 20, 3),
    (2, 3, 6, 3, 8, 10, 2),
    (3, 1, 5, 7, 16, 24, 4),
]


@pytest.mark.parametrize(("seed", "B", "T_y", "T_x", "d_model", "d_ff", "num_heads"), CASES)
def test_matches_definition(student, seed, B, T_y, T_x, d_model, d_ff, num_heads):
    y, memory, p = layer(seed, B, T_y, T_x, d_model, d_ff)
    check(student.decoder_layer(y, memory, p, num_heads), y, memory, p, num_heads)


@pytest.mark.parametrize(("seed", "B", "T_x"), [(11, 2, 5), (12, 3, 1)])
def test_a_single_decoder_position(student, seed, B, T_x):
    # The first step of generation: the decoder holds only <bos>.
    y, memory, p = layer(seed, B, 1, T_x, 12, 14)
    check(student.decoder_layer(y, memory, p, 4), y, memory, p, 4)


@pytest.mark.parametrize(("seed", "lengths", "T_y"), [(21, [6, 3], 4), (22, [2, 5, 4], 5)])
def test_memory_mask_hides_padded_source_tokens(student, seed, lengths, T_y):
    T_x = max(lengths)
    y, memory, p = layer(seed, len(lengths), T_y, T_x, 12, 10)
    memory_mask = key_padding_mask(lengths, T_x)
    got = student.decoder_layer(y, memory, p, 3, memory_mask=memory_mask)
    check(got, y, memory, p, 3, memory_mask=memory_mask)


@pytest.mark.parametrize("kind", ["padding", "per_query"])
def test_self_mask_is_combined_with_the_causal_mask(student, kind):
    B, T_y, T_x, d_model, num_heads = 2, 6, 4, 12, 3
    y, memory, p = layer(31, B, T_y, T_x, d_model, 16)
    if kind == "padding":  # the decoder's own padded tokens, as a key mask
        self_mask = key_padding_mask([6, 4], T_y)
    else:  # (B, 1, T_y, T_y); the causal mask leaves every row a key (the diagonal is kept)
        self_mask = attention_mask(32, (B, 1, T_y, T_y))
        self_mask[..., np.arange(T_y), np.arange(T_y)] = True
    got = student.decoder_layer(y, memory, p, num_heads, self_mask=self_mask)
    check(got, y, memory, p, num_heads, self_mask=self_mask)


@pytest.mark.diagnosis
def test_later_tokens_do_not_change_earlier_outputs(student):
    B, T_y, T_x, d_model, num_heads = 2, 5, 4, 12, 3
    y, memory, p = layer(41, B, T_y, T_x, d_model, 10)
    changed = y.copy()
    changed[:, 3:] = normal(42, (B, T_y - 3, d_model), scale=3.0)
    first = as_result_array(student.decoder_layer(y, memory, p, num_heads))
    second = as_result_array(student.decoder_layer(changed, memory, p, num_heads))
    check_shape(first, y.shape)
    check_shape(second, y.shape)
    if not np.allclose(first[:, :3], second[:, :3], rtol=RTOL, atol=ATOL):
        raise Feedback(f"mistake.{FN}.sees_the_future")


@pytest.mark.diagnosis
def test_output_is_the_third_layer_norm(student):
    # Post-norm: with gamma_3 = 1 and beta_3 = 0 every output row has mean 0 and variance 1.
    B, T_y, T_x, d_model, num_heads = 2, 4, 3, 8, 2
    y, memory, p = layer(51, B, T_y, T_x, d_model, 6)
    p["gamma_3"], p["beta_3"] = np.ones(d_model), np.zeros(d_model)
    got = as_result_array(student.decoder_layer(y, memory, p, num_heads))
    check_shape(got, y.shape)
    if not np.allclose(got, normalised_rows(got), atol=1e-4):
        raise Feedback(f"mistake.{FN}.not_post_norm")


@pytest.mark.diagnosis
def test_the_output_depends_on_the_memory(student):
    B, T_y, T_x, d_model, num_heads = 2, 3, 4, 8, 2
    y, memory, p = layer(61, B, T_y, T_x, d_model, 6)
    first = as_result_array(student.decoder_layer(y, memory, p, num_heads))
    second = as_result_array(student.decoder_layer(y, memory[:, ::-1] * 2.0 + 1.0, p, num_heads))
    if first.shape == second.shape and np.allclose(first, second, rtol=RTOL, atol=ATOL):
        raise Feedback(f"mistake.{FN}.memory_ignored")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    B, T_y, T_x, d_model, num_heads = 2, 4, 3, 15, 3
    y = normal(71, (B, T_y, d_model), dtype=dtype, scale=2.0)
    memory = normal(72, (B, T_x, d_model), dtype=dtype, scale=2.0)
    p = decoder_params(71, d_model, 9, np.float32 if dtype == np.float32 else np.float64)
    got = as_result_array(student.decoder_layer(y, memory, p, num_heads))
    check_float(got)
    rtol, atol = tolerances(dtype, scale=10.0)
    check(got, y, memory, p, num_heads, rtol=rtol, atol=atol)


def test_inputs_and_params_are_not_modified(student):
    B, T_y, T_x, d_model, num_heads = 2, 4, 5, 12, 4
    y, memory, p = layer(81, B, T_y, T_x, d_model, 7)
    self_mask, memory_mask = key_padding_mask([4, 2], T_y), key_padding_mask([5, 3], T_x)
    args = (y.copy(), memory.copy(), {k: v.copy() for k, v in p.items()}, num_heads,
            self_mask.copy(), memory_mask.copy())
    returned = student.call(FN, args, {}, return_inputs=True)
    check_unchanged(returned, (y, memory, p, num_heads, self_mask, memory_mask),
                    names=("y", "memory", "params", "num_heads", "self_mask", "memory_mask"))
    after = returned.args[2]
    if not isinstance(after, dict) or set(after) != set(p):
        raise Feedback("check.modified_input", what="params")
    check(returned.value, y, memory, p, num_heads, self_mask, memory_mask)


def test_read_only_inputs(student):
    B, T_y, T_x, d_model, num_heads = 3, 2, 3, 8, 2
    y, memory, p = layer(91, B, T_y, T_x, d_model, 6)
    got = student.call(FN, (y, memory, p, num_heads), {}, readonly=True)
    check(got, y, memory, p, num_heads)


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("d_model", "num_heads"), [(8, 3), (6, 4)])
def test_indivisible_heads_raise_value_error(student, d_model, num_heads):
    y, memory, p = layer(101, 2, 3, 4, d_model, 5)
    expect_value_error(lambda: student.decoder_layer(y, memory, p, num_heads),
                       f"d_model={d_model}, num_heads={num_heads}")
