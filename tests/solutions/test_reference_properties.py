"""Contract properties of the reference solutions that need no second implementation.

- Every function leaves its inputs untouched (also with read-only arrays),
  turns integer inputs into floating-point results and accepts float32.
- Invalid arguments raise ``ValueError`` with a message naming the problem.
- Softmax stays finite for scores of any magnitude, split/merge of heads are
  exact inverses, and the positional encoding equals the formula of Vaswani et
  al. (2017) written out with plain loops.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from solutions import (
    additive_attention,
    causal_mask,
    encoder_layer,
    layer_norm,
    merge_heads,
    multi_head_attention,
    padding_mask,
    rnn_encoder,
    scaled_dot_product_attention,
    sinusoidal_positional_encoding,
    softmax,
    split_heads,
)

# ------------------------------------------------------------------ one call per function
# Each builder returns (args, kwargs) whose float arrays hold small integers, so that
# casting them to int64 or float32 is exact and the float64 result is the reference.


def small_ints(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return rng.integers(-2, 3, size=shape).astype(np.float64)


def softmax_call(rng):
    return (small_ints(rng, (3, 4)),), {"axis": 0, "temperature": 2.0}


def sdpa_call(rng):
    mask = np.ones((4, 5), dtype=bool)
    mask[:, 3] = False
    return (small_ints(rng, (2, 4, 6)), small_ints(rng, (2, 5, 6)), small_ints(rng, (2, 5, 7))), {
        "mask": mask
    }


def split_heads_call(rng):
    return (small_ints(rng, (2, 5, 6)), 3), {}


def merge_heads_call(rng):
    return (small_ints(rng, (2, 3, 5, 4)),), {}


def mha_call(rng):
    weights = tuple(small_ints(rng, (6, 6)) for _ in range(4))
    mask = causal_mask(5)
    return (small_ints(rng, (2, 5, 6)), small_ints(rng, (2, 5, 6)), *weights, 3), {"mask": mask}


def layer_norm_call(rng):
    return (small_ints(rng, (2, 3, 5)), small_ints(rng, (5,)), small_ints(rng, (5,))), {}


def encoder_layer_call(rng):
    d, d_ff = 6, 7
    params = {name: small_ints(rng, (d, d)) for name in ("W_q", "W_k", "W_v", "W_o")}
    params |= {
        "W_1": small_ints(rng, (d, d_ff)), "b_1": small_ints(rng, (d_ff,)),
        "W_2": small_ints(rng, (d_ff, d)), "b_2": small_ints(rng, (d,)),
        "gamma_1": small_ints(rng, (d,)), "beta_1": small_ints(rng, (d,)),
        "gamma_2": small_ints(rng, (d,)), "beta_2": small_ints(rng, (d,)),
    }
    mask = padding_mask(np.array([4, 2]), 4)[:, None, None, :]
    return (small_ints(rng, (2, 4, d)), params, 3), {"mask": mask}


def rnn_encoder_call(rng):
    x = small_ints(rng, (2, 4, 3))
    return (x, small_ints(rng, (3, 5)), small_ints(rng, (5, 5)), small_ints(rng, (5,))), {
        "h0": small_ints(rng, (2, 5))
    }


def additive_attention_call(rng):
    s, H = small_ints(rng, (3,)), small_ints(rng, (6, 4))
    return (s, H, small_ints(rng, (3, 5)), small_ints(rng, (4, 5)), small_ints(rng, (5,))), {}


FLOAT_CALLS: dict[str, tuple[Callable, Callable]] = {
    "softmax": (softmax, softmax_call),
    "scaled_dot_product_attention": (scaled_dot_product_attention, sdpa_call),
    "split_heads": (split_heads, split_heads_call),
    "merge_heads": (merge_heads, merge_heads_call),
    "multi_head_attention": (multi_head_attention, mha_call),
    "layer_norm": (layer_norm, layer_norm_call),
    "encoder_layer": (encoder_layer, encoder_layer_call),
    "rnn_encoder": (rnn_encoder, rnn_encoder_call),
    "additive_attention": (additive_attention, additive_attention_call),
}

MASK_CALLS: dict[str, tuple[Callable, Callable]] = {
    "causal_mask": (causal_mask, lambda rng: ((6,), {})),
    "padding_mask": (padding_mask, lambda rng: ((np.array([3, 1, 5]), 5), {})),
}
ALL_CALLS = FLOAT_CALLS | MASK_CALLS


def map_arrays(value: Any, fn: Callable[[np.ndarray], Any]) -> Any:
    """Apply ``fn`` to every float ndarray in ``value`` (tuples, dicts nested); keep the rest."""
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(map_arrays(item, fn) for item in value)
    if isinstance(value, dict):
        return {key: map_arrays(item, fn) for key, item in value.items()}
    return value


def each_array(value: Any):
    """Every ndarray in ``value`` (float, integer or boolean), nested tuples and dicts included."""
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from each_array(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from each_array(item)


def outputs(result: Any) -> tuple[np.ndarray, ...]:
    return result if isinstance(result, tuple) else (result,)


def call(name: str, cast: Callable[[np.ndarray], np.ndarray] | None = None):
    function, build = ALL_CALLS[name]
    args, kwargs = build(np.random.default_rng(sum(map(ord, name))))
    if cast is not None:
        args, kwargs = map_arrays(args, cast), map_arrays(kwargs, cast)
    return function, args, kwargs


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_when_function_runs_then_inputs_are_not_modified(name, dtype):
    function, args, kwargs = call(name, lambda a: a.astype(dtype))
    before = [array.copy() for array in each_array((args, kwargs))]
    function(*args, **kwargs)
    after = list(each_array((args, kwargs)))
    for old, new in zip(before, after, strict=True):
        assert new.dtype == old.dtype
        np.testing.assert_array_equal(new, old)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_when_inputs_are_read_only_then_function_still_works(name, dtype):
    function, args, kwargs = call(name, lambda a: a.astype(dtype))
    expected = function(*args, **kwargs)
    for array in each_array((args, kwargs)):
        array.setflags(write=False)
    for got, want in zip(outputs(function(*args, **kwargs)), outputs(expected), strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", sorted(FLOAT_CALLS))
def test_when_inputs_are_integers_then_results_are_float_and_equal_float64_results(name):
    function, args, kwargs = call(name, lambda a: a.astype(np.int64))
    assert any(a.dtype == np.int64 for a in each_array((args, kwargs)))
    _, float_args, float_kwargs = call(name)
    expected = outputs(function(*float_args, **float_kwargs))
    got = outputs(function(*args, **kwargs))
    for result, want in zip(got, expected, strict=True):
        assert np.issubdtype(result.dtype, np.floating), f"{name} returned {result.dtype}"
        np.testing.assert_allclose(result, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", sorted(FLOAT_CALLS))
def test_when_inputs_are_float32_then_results_are_float_and_close_to_float64(name):
    function, args, kwargs = call(name, lambda a: a.astype(np.float32))
    _, float_args, float_kwargs = call(name)
    expected = outputs(function(*float_args, **float_kwargs))
    got = outputs(function(*args, **kwargs))
    for result, want in zip(got, expected, strict=True):
        assert np.issubdtype(result.dtype, np.floating), f"{name} returned {result.dtype}"
        np.testing.assert_allclose(result, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("with_h0", [True, False])
@pytest.mark.parametrize("name", sorted(FLOAT_CALLS))
def test_when_every_input_is_float32_then_every_result_is_float32(name, with_h0):
    """float32 in, float32 out, as softmax, layer_norm and PyTorch do (nothing promotes)."""
    function, args, kwargs = call(name, lambda a: a.astype(np.float32))
    if not with_h0:
        kwargs = {key: value for key, value in kwargs.items() if key != "h0"}
    for result in outputs(function(*args, **kwargs)):
        assert result.dtype == np.float32, f"{name} returned {result.dtype}"


@pytest.mark.parametrize("name", sorted(MASK_CALLS))
def test_when_mask_is_built_then_it_is_boolean(name):
    function, args, kwargs = call(name)
    assert function(*args, **kwargs).dtype == bool


# ------------------------------------------------------------------------- invalid input


@pytest.mark.parametrize("temperature", [0.0, -1.0, -1e-12])
def test_when_temperature_is_not_positive_then_softmax_raises_value_error(temperature):
    with pytest.raises(ValueError, match="temperature"):
        softmax(np.array([1.0, 2.0]), temperature=temperature)


@pytest.mark.parametrize("seq_len", [0, -3, 2.5])
def test_when_seq_len_is_not_a_positive_integer_then_causal_mask_raises_value_error(seq_len):
    with pytest.raises(ValueError, match="seq_len"):
        causal_mask(seq_len)


@pytest.mark.parametrize(
    ("lengths", "max_len", "word"),
    [
        ([2, 0], 4, "length"),
        ([2, 5], 4, "length"),
        ([1], 0, "max_len"),
        ([[1, 2]], 4, "lengths"),
        ([2.5, 1], 4, "integer"),
        ([1, np.nan], 4, "integer"),
    ],
    ids=["zero-length", "longer-than-max", "zero-max-len", "two-dimensional", "fractional", "nan"],
)
def test_when_padding_arguments_are_invalid_then_padding_mask_raises_value_error(
    lengths, max_len, word
):
    with pytest.raises(ValueError, match=word):
        padding_mask(np.array(lengths), max_len)


def test_when_lengths_are_whole_floats_then_padding_mask_accepts_them():
    np.testing.assert_array_equal(
        padding_mask(np.array([2.0, 4.0]), 4), padding_mask(np.array([2, 4]), 4)
    )


@pytest.mark.parametrize("num_heads", [4, 5, 0])
def test_when_d_model_is_not_divisible_by_num_heads_then_split_heads_raises_value_error(num_heads):
    with pytest.raises(ValueError, match="divisible"):
        split_heads(np.zeros((2, 3, 6)), num_heads)


def test_when_d_model_is_not_divisible_then_multi_head_attention_raises_value_error():
    x, W = np.zeros((2, 3, 6)), np.eye(6)
    with pytest.raises(ValueError, match="divisible"):
        multi_head_attention(x, x, W, W, W, W, num_heads=4)


def test_when_q_and_k_widths_differ_then_attention_raises_value_error():
    with pytest.raises(ValueError, match="d_k"):
        scaled_dot_product_attention(np.zeros((4, 6)), np.zeros((5, 3)), np.zeros((5, 7)))


def test_when_k_and_v_lengths_differ_then_attention_raises_value_error():
    with pytest.raises(ValueError, match="T_k"):
        scaled_dot_product_attention(np.zeros((4, 6)), np.zeros((5, 6)), np.zeros((3, 7)))


def test_when_x_width_differs_from_w_xh_then_rnn_encoder_raises_value_error():
    with pytest.raises(ValueError, match="W_xh"):
        rnn_encoder(np.zeros((4, 3)), np.zeros((2, 5)), np.zeros((5, 5)), np.zeros(5))


@pytest.mark.parametrize(("seq_len", "d_model", "word"), [(0, 4, "seq_len"), (3, -2, "d_model")])
def test_when_length_is_not_positive_then_positional_encoding_raises_value_error(
    seq_len, d_model, word
):
    with pytest.raises(ValueError, match=word):
        sinusoidal_positional_encoding(seq_len, d_model)


# ----------------------------------------------------------------------------- softmax


@pytest.mark.parametrize(
    ("scores", "temperature", "expected"),
    [
        (np.array([3e38, 0.0, -3e38], dtype=np.float32), 0.5, [1.0, 0.0, 0.0]),
        (np.array([1e306, 0.0]), 1e-3, [1.0, 0.0]),
        (np.array([1e308, -1e308]), 1.0, [1.0, 0.0]),
        (np.array([-1e308, -1e308]), 1e-300, [0.5, 0.5]),
        (np.array([0.0, -1e-300 * math.log(3.0)]), 1e-300, [0.75, 0.25]),
    ],
    ids=["float32-near-max", "tiny-temperature", "opposite-extremes", "equal-extremes", "ratio-3"],
)
def test_when_scores_or_temperature_are_extreme_then_softmax_is_finite_and_exact(
    scores, temperature, expected
):
    got = softmax(scores, temperature=temperature)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=0)


def test_when_a_row_has_minus_inf_entries_then_they_get_weight_exactly_zero():
    scores = np.array([[-np.inf, 1.0, -np.inf, 2.0], [0.0, -np.inf, -np.inf, -np.inf]])
    got = softmax(scores)
    assert np.all(got[np.isneginf(scores)] == 0.0)
    np.testing.assert_allclose(got.sum(axis=-1), 1.0, rtol=1e-15)
    assert got[1, 0] == 1.0


# --------------------------------------------------------------------- split/merge heads


def test_when_heads_are_split_then_head_h_holds_its_slice_of_features():
    x = np.random.default_rng(70).standard_normal((2, 5, 12))
    heads = split_heads(x, 3)
    assert heads.shape == (2, 3, 5, 4)
    for h in range(3):
        np.testing.assert_array_equal(heads[:, h], x[:, :, h * 4 : (h + 1) * 4])


@pytest.mark.parametrize("num_heads", [1, 2, 3, 4, 6, 12])
def test_when_heads_are_split_then_merged_then_input_comes_back_exactly(num_heads):
    x = np.random.default_rng(71).standard_normal((2, 5, 12))
    np.testing.assert_array_equal(merge_heads(split_heads(x, num_heads)), x)


def test_when_heads_are_merged_then_split_then_input_comes_back_exactly():
    heads = np.random.default_rng(72).standard_normal((2, 3, 5, 4))
    np.testing.assert_array_equal(split_heads(merge_heads(heads), 3), heads)


# ------------------------------------------------------------------ positional encoding


def vaswani_encoding(seq_len: int, d_model: int, base: float) -> list[list[float]]:
    """PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(p / base^(2i/d)), with loops."""
    table = [[0.0] * d_model for _ in range(seq_len)]
    for p in range(seq_len):
        for i in range((d_model + 1) // 2):
            angle = p / base ** (2 * i / d_model)
            table[p][2 * i] = math.sin(angle)
            if 2 * i + 1 < d_model:
                table[p][2 * i + 1] = math.cos(angle)
    return table


@pytest.mark.parametrize(
    ("seq_len", "d_model", "base"),
    [(9, 16, 10000.0), (7, 5, 10000.0), (6, 1, 10000.0), (11, 8, 100.0), (4, 7, 50.0)],
    ids=["even", "odd", "single-column", "even-base-100", "odd-base-50"],
)
def test_when_positional_encoding_then_equals_vaswani_formula(seq_len, d_model, base):
    got = sinusoidal_positional_encoding(seq_len, d_model, base=base)
    assert got.shape == (seq_len, d_model)
    expected = vaswani_encoding(seq_len, d_model, base)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("d_model", [10, 11])
def test_when_positional_encoding_then_each_sin_cos_pair_has_unit_norm(d_model):
    pe = sinusoidal_positional_encoding(50, d_model)
    pairs = d_model // 2
    norms = pe[:, 0 : 2 * pairs : 2] ** 2 + pe[:, 1 : 2 * pairs : 2] ** 2
    np.testing.assert_allclose(norms, 1.0, rtol=1e-12)


def test_when_position_is_zero_then_encoding_is_sin_zero_cos_one():
    pe = sinusoidal_positional_encoding(3, 7)
    np.testing.assert_array_equal(pe[0], [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0])


def test_when_additive_attention_has_no_tanh_then_its_weights_ignore_the_decoder_state():
    """Backs the tanh_missing feedback: without tanh, s @ W_s @ v is one constant per step."""
    rng = np.random.default_rng(5)
    H, W_s, W_h, v = (rng.normal(size=shape) for shape in [(6, 4), (3, 5), (4, 5), (5,)])

    def weights_without_tanh(s):
        return softmax((s @ W_s + H @ W_h) @ v)

    s1, s2 = rng.normal(size=(2, 3))
    np.testing.assert_allclose(weights_without_tanh(s1), weights_without_tanh(s2), rtol=1e-12)
    assert not np.allclose(additive_attention(s1, H, W_s, W_h, v)[1],
                           additive_attention(s2, H, W_s, W_h, v)[1])
