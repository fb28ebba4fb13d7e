"""The reference solutions agree with PyTorch, an independent implementation.

Every graded function of ``solutions/`` is run next to the PyTorch operator or
module that computes the same thing, loaded with the same weights. PyTorch
stores a projection as ``y = x @ W.T`` and uses the opposite boolean-mask
convention (True = NOT allowed) in ``nn.MultiheadAttention`` and
``nn.TransformerEncoderLayer``; the helpers below convert explicitly.

Dimensions are all distinct so that a transposed or swapped axis cannot pass
by accident.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from solutions import (  # noqa: E402  (after importorskip on purpose)
    additive_attention,
    causal_mask,
    decoder_layer,
    encoder_layer,
    layer_norm,
    multi_head_attention,
    padding_mask,
    rnn_encoder,
    scaled_dot_product_attention,
    softmax,
)

F64 = {"rtol": 1e-10, "atol": 1e-12}
F32 = {"rtol": 1e-4, "atol": 1e-5}

# Attention dimensions: B, heads, T_q, T_k, d_head (d_model = heads * d_head).
B, HEADS, T_Q, T_K, D_HEAD = 2, 3, 5, 7, 4
D_MODEL = HEADS * D_HEAD  # 12
D_FF = 20


def rng_for(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def t(array: np.ndarray) -> torch.Tensor:
    """A float64 (or bool) torch tensor holding a copy of ``array``."""
    array = np.asarray(array)
    if array.dtype == bool:
        return torch.from_numpy(array.copy())
    return torch.from_numpy(np.array(array, dtype=np.float64))


def mask_with_a_key_per_row(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A random boolean mask of ``shape`` (..., T_q, T_k) in which every row allows a key."""
    mask = rng.random(shape) < 0.6
    first_key = rng.integers(0, shape[-1], size=shape[:-1])
    np.put_along_axis(mask, first_key[..., None], True, axis=-1)
    return mask


def projection_weights(rng: np.random.Generator) -> dict[str, np.ndarray]:
    scale = 1.0 / math.sqrt(D_MODEL)
    names = ("W_q", "W_k", "W_v", "W_o")
    return {name: rng.standard_normal((D_MODEL, D_MODEL)) * scale for name in names}


# --------------------------------------------------------------------------- softmax


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
@pytest.mark.parametrize("temperature", [0.25, 1.0, 3.0])
def test_when_softmax_of_float64_scores_then_matches_torch(axis, temperature):
    x = rng_for(1).standard_normal((3, 4, 5)) * 4.0
    expected = torch.softmax(t(x) / temperature, dim=axis).numpy()
    got = softmax(x, axis=axis, temperature=temperature)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, **F64)


@pytest.mark.parametrize("axis", [0, -1, 1])
@pytest.mark.parametrize("temperature", [0.5, 2.0])
def test_when_softmax_of_float32_scores_then_matches_torch(axis, temperature):
    x = (rng_for(2).standard_normal((4, 6)) * 3.0).astype(np.float32)
    expected = torch.softmax(t(x) / temperature, dim=axis).numpy()
    got = softmax(x, axis=axis, temperature=temperature)
    assert np.issubdtype(got.dtype, np.floating)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("temperature", [0.7, 1.0])
def test_when_softmax_of_integer_scores_then_float_result_matches_torch(temperature):
    x = rng_for(3).integers(-6, 7, size=(5, 3))
    expected = torch.softmax(t(x) / temperature, dim=-1).numpy()
    got = softmax(x, temperature=temperature)
    assert np.issubdtype(got.dtype, np.floating)
    np.testing.assert_allclose(got, expected, **F64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("temperature", [0.25, 1.0, 4.0])
def test_when_scores_are_near_1e3_with_minus_inf_entries_then_matches_torch_without_nan(
    dtype, temperature
):
    x = rng_for(4).uniform(-1e3, 1e3, size=(6, 7))
    x[0, 3] = x[2, :5].max() + 1e3  # one huge score
    x[1, [0, 4]] = -np.inf
    x[5, :6] = -np.inf  # only the last key of this row remains
    x = x.astype(dtype)
    # Truth: torch in float64 on exactly the same (possibly float32-rounded) values.
    expected = torch.softmax(t(x) / temperature, dim=-1).numpy()
    got = softmax(x, temperature=temperature)
    eps = np.finfo(dtype).eps
    # A relative error eps in a score of size |x| moves exp(x / T) by |x| / T * eps.
    rtol = 10 * eps * max(1.0, np.max(np.abs(x[np.isfinite(x)])) / temperature)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=10 * eps)
    assert np.all(got[np.isneginf(x)] == 0.0)
    np.testing.assert_allclose(got[5], np.eye(7)[6], rtol=0, atol=0)


# --------------------------------------------------------------- scaled dot-product attention


def sdpa_inputs(seed: int, leading: tuple[int, ...]):
    rng = rng_for(seed)
    d_k, d_v, t_q, t_k = 6, 9, 4, 5
    q = rng.standard_normal((*leading, t_q, d_k))
    k = rng.standard_normal((*leading, t_k, d_k))
    v = rng.standard_normal((*leading, t_k, d_v))
    return rng, q, k, v


def weights_by_formula(q, k, mask=None) -> np.ndarray:
    """softmax(q k^T / sqrt(d_k)) over the keys, masked keys excluded, written in torch."""
    scores = t(q) @ t(k).transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~t(mask), float("-inf"))
    return torch.softmax(scores, dim=-1).numpy()


@pytest.mark.parametrize("leading", [(), (3,), (2, 3)], ids=["unbatched", "batch", "batch-heads"])
def test_when_attention_has_no_mask_then_matches_torch_sdpa(leading):
    _, q, k, v = sdpa_inputs(10, leading)
    expected = torch.nn.functional.scaled_dot_product_attention(t(q), t(k), t(v)).numpy()
    output, weights = scaled_dot_product_attention(q, k, v)
    assert output.shape == (*leading, 4, 9)
    assert weights.shape == (*leading, 4, 5)
    np.testing.assert_allclose(output, expected, **F64)
    np.testing.assert_allclose(weights, weights_by_formula(q, k), **F64)


@pytest.mark.parametrize(
    "mask_shape",
    [(2, 3, 4, 5), (4, 5), (5,), (2, 1, 1, 5), (1, 3, 1, 5)],
    ids=["full", "per-query-key", "per-key", "per-batch-key", "per-head-key"],
)
def test_when_attention_has_a_boolean_mask_then_matches_torch_sdpa(mask_shape):
    rng, q, k, v = sdpa_inputs(11, (2, 3))
    mask = mask_with_a_key_per_row(rng, mask_shape)
    full_mask = np.broadcast_to(mask, (2, 3, 4, 5))  # torch gets the mask broadcast already
    expected = torch.nn.functional.scaled_dot_product_attention(
        t(q), t(k), t(v), attn_mask=t(full_mask)
    ).numpy()
    output, weights = scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(output, expected, **F64)
    np.testing.assert_allclose(weights, weights_by_formula(q, k, full_mask), **F64)
    assert np.all(weights[~full_mask] == 0.0)


def test_when_attention_inputs_are_float32_then_matches_torch_sdpa():
    rng, q, k, v = sdpa_inputs(12, (3,))
    q, k, v = (a.astype(np.float32) for a in (q, k, v))
    mask = mask_with_a_key_per_row(rng, (4, 5))
    expected = torch.nn.functional.scaled_dot_product_attention(
        torch.from_numpy(q), torch.from_numpy(k), torch.from_numpy(v), attn_mask=t(mask)
    ).numpy()
    output, weights = scaled_dot_product_attention(q, k, v, mask=mask)
    assert output.dtype == weights.dtype == expected.dtype == np.float32  # no promotion
    np.testing.assert_allclose(output, expected, **F32)
    np.testing.assert_allclose(weights, weights_by_formula(q, k, mask), **F32)


# ------------------------------------------------------------------------------ masks


@pytest.mark.parametrize("seq_len", [1, 2, 7])
def test_when_causal_mask_then_equals_torch_tril(seq_len):
    expected = torch.tril(torch.ones(seq_len, seq_len, dtype=torch.bool)).numpy()
    got = causal_mask(seq_len)
    assert got.dtype == bool
    np.testing.assert_array_equal(got, expected)


def test_when_padding_mask_then_equals_torch_arange_comparison():
    lengths = np.array([3, 7, 1, 5])
    expected = (torch.arange(7)[None, :] < torch.from_numpy(lengths)[:, None]).numpy()
    got = padding_mask(lengths, 7)
    assert got.dtype == bool
    np.testing.assert_array_equal(got, expected)


# ----------------------------------------------------------------- multi-head attention


def torch_mha(weights: dict[str, np.ndarray]) -> torch.nn.MultiheadAttention:
    """``nn.MultiheadAttention`` holding our (d_in, d_out) weights as torch's (d_out, d_in)."""
    mha = torch.nn.MultiheadAttention(
        D_MODEL, HEADS, bias=False, batch_first=True, dtype=torch.float64
    )
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([t(weights[n]).T for n in ("W_q", "W_k", "W_v")]))
        mha.out_proj.weight.copy_(t(weights["W_o"]).T)
    return mha.eval()


def run_both_mha(x_q, x_kv, weights, mask=None, torch_masks=None):
    ours = multi_head_attention(
        x_q, x_kv, weights["W_q"], weights["W_k"], weights["W_v"], weights["W_o"], HEADS, mask=mask
    )
    with torch.no_grad():
        theirs = torch_mha(weights)(
            t(x_q), t(x_kv), t(x_kv), need_weights=True, average_attn_weights=False,
            **(torch_masks or {}),
        )
    return ours, tuple(a.numpy() for a in theirs)


def test_when_self_attention_without_mask_then_matches_torch_multihead_attention():
    rng = rng_for(20)
    x = rng.standard_normal((B, T_K, D_MODEL))
    (output, weights), (expected_out, expected_w) = run_both_mha(x, x, projection_weights(rng))
    assert output.shape == (B, T_K, D_MODEL)
    assert weights.shape == (B, HEADS, T_K, T_K)
    np.testing.assert_allclose(output, expected_out, **F64)
    np.testing.assert_allclose(weights, expected_w, **F64)


def test_when_cross_attention_then_matches_torch_multihead_attention():
    rng = rng_for(21)
    x_q = rng.standard_normal((B, T_Q, D_MODEL))
    x_kv = rng.standard_normal((B, T_K, D_MODEL))
    (output, weights), (expected_out, expected_w) = run_both_mha(x_q, x_kv, projection_weights(rng))
    assert output.shape == (B, T_Q, D_MODEL)
    assert weights.shape == (B, HEADS, T_Q, T_K)
    np.testing.assert_allclose(output, expected_out, **F64)
    np.testing.assert_allclose(weights, expected_w, **F64)


def test_when_self_attention_with_causal_mask_then_matches_torch_attn_mask():
    rng = rng_for(22)
    x = rng.standard_normal((B, T_K, D_MODEL))
    mask = causal_mask(T_K)  # ours: True = may attend; torch: True = may NOT attend
    (output, weights), (expected_out, expected_w) = run_both_mha(
        x, x, projection_weights(rng), mask=mask, torch_masks={"attn_mask": t(~mask)}
    )
    np.testing.assert_allclose(output, expected_out, **F64)
    np.testing.assert_allclose(weights, expected_w, **F64)
    assert np.all(weights[:, :, ~mask] == 0.0)


def test_when_cross_attention_with_key_padding_then_matches_torch_key_padding_mask():
    rng = rng_for(23)
    x_q = rng.standard_normal((B, T_Q, D_MODEL))
    x_kv = rng.standard_normal((B, T_K, D_MODEL))
    keys = padding_mask(np.array([4, 7]), T_K)  # (B, T_k), True = real token
    (output, weights), (expected_out, expected_w) = run_both_mha(
        x_q, x_kv, projection_weights(rng),
        mask=keys[:, None, None, :], torch_masks={"key_padding_mask": t(~keys)},
    )
    np.testing.assert_allclose(output, expected_out, **F64)
    np.testing.assert_allclose(weights, expected_w, **F64)
    assert np.all(weights[0, :, :, 4:] == 0.0)


def test_when_mask_differs_per_head_then_head_order_matches_torch():
    rng = rng_for(24)
    x_q = rng.standard_normal((B, T_Q, D_MODEL))
    x_kv = rng.standard_normal((B, T_K, D_MODEL))
    mask = mask_with_a_key_per_row(rng, (B, HEADS, T_Q, T_K))
    # torch wants (B * heads, T_q, T_k), batch-major, True = may NOT attend.
    torch_mask = t(~mask.reshape(B * HEADS, T_Q, T_K))
    (output, weights), (expected_out, expected_w) = run_both_mha(
        x_q, x_kv, projection_weights(rng), mask=mask, torch_masks={"attn_mask": torch_mask}
    )
    np.testing.assert_allclose(output, expected_out, **F64)
    np.testing.assert_allclose(weights, expected_w, **F64)


# ------------------------------------------------------------------------- layer norm


@pytest.mark.parametrize("shape", [(8,), (3, 8), (2, 3, 8)], ids=["1d", "2d", "3d"])
@pytest.mark.parametrize("eps", [1e-5, 1e-2])
def test_when_layer_norm_then_matches_torch_layer_norm(shape, eps):
    rng = rng_for(30)
    x = rng.standard_normal(shape) * 3.0 + 2.0
    gamma, beta = rng.standard_normal(8), rng.standard_normal(8)
    expected = torch.nn.functional.layer_norm(t(x), (8,), t(gamma), t(beta), eps=eps).numpy()
    np.testing.assert_allclose(layer_norm(x, gamma, beta, eps=eps), expected, **F64)


def test_when_layer_norm_uses_default_eps_then_matches_torch_default():
    rng = rng_for(31)
    x = rng.standard_normal((4, 6))
    gamma, beta = np.ones(6), np.zeros(6)
    expected = torch.nn.functional.layer_norm(t(x), (6,)).numpy()
    np.testing.assert_allclose(layer_norm(x, gamma, beta), expected, **F64)


# ---------------------------------------------------------------------- encoder layer


def encoder_params(rng: np.random.Generator) -> dict[str, np.ndarray]:
    params = projection_weights(rng)
    params |= {
        "W_1": rng.standard_normal((D_MODEL, D_FF)) / math.sqrt(D_MODEL),
        "b_1": rng.standard_normal(D_FF) * 0.1,
        "W_2": rng.standard_normal((D_FF, D_MODEL)) / math.sqrt(D_FF),
        "b_2": rng.standard_normal(D_MODEL) * 0.1,
        "gamma_1": 1.0 + 0.1 * rng.standard_normal(D_MODEL),
        "beta_1": 0.1 * rng.standard_normal(D_MODEL),
        "gamma_2": 1.0 + 0.1 * rng.standard_normal(D_MODEL),
        "beta_2": 0.1 * rng.standard_normal(D_MODEL),
    }
    return params


def torch_encoder_layer(p: dict[str, np.ndarray]) -> torch.nn.TransformerEncoderLayer:
    layer = torch.nn.TransformerEncoderLayer(
        D_MODEL, HEADS, dim_feedforward=D_FF, dropout=0.0, activation="relu",
        batch_first=True, norm_first=False, bias=True, dtype=torch.float64,
    )
    attention = layer.self_attn
    with torch.no_grad():
        attention.in_proj_weight.copy_(torch.cat([t(p[n]).T for n in ("W_q", "W_k", "W_v")]))
        attention.in_proj_bias.zero_()  # our attention has no bias
        attention.out_proj.weight.copy_(t(p["W_o"]).T)
        attention.out_proj.bias.zero_()
        layer.linear1.weight.copy_(t(p["W_1"]).T)
        layer.linear1.bias.copy_(t(p["b_1"]))
        layer.linear2.weight.copy_(t(p["W_2"]).T)
        layer.linear2.bias.copy_(t(p["b_2"]))
        layer.norm1.weight.copy_(t(p["gamma_1"]))
        layer.norm1.bias.copy_(t(p["beta_1"]))
        layer.norm2.weight.copy_(t(p["gamma_2"]))
        layer.norm2.bias.copy_(t(p["beta_2"]))
    return layer.eval()


def test_when_encoder_layer_without_mask_then_matches_torch_transformer_encoder_layer():
    rng = rng_for(40)
    x = rng.standard_normal((B, 6, D_MODEL))
    params = encoder_params(rng)
    expected = torch_encoder_layer(params)(t(x)).detach().numpy()
    got = encoder_layer(x, params, HEADS)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, **F64)


def test_when_encoder_layer_with_padding_mask_then_matches_torch_src_key_padding_mask():
    rng = rng_for(41)
    x = rng.standard_normal((B, 6, D_MODEL))
    params = encoder_params(rng)
    real = padding_mask(np.array([6, 3]), 6)  # ours: True = real token; torch: True = pad
    expected = torch_encoder_layer(params)(t(x), src_key_padding_mask=t(~real)).detach().numpy()
    got = encoder_layer(x, params, HEADS, mask=real[:, None, None, :])
    np.testing.assert_allclose(got, expected, **F64)
    # Guard against a mask that changes nothing: the padded keys matter.
    assert not np.allclose(got[1], encoder_layer(x, params, HEADS)[1])


def test_when_encoder_layer_with_causal_mask_then_matches_torch_src_mask():
    rng = rng_for(42)
    x = rng.standard_normal((B, 6, D_MODEL))
    params = encoder_params(rng)
    allowed = causal_mask(6)
    expected = torch_encoder_layer(params)(t(x), src_mask=t(~allowed)).detach().numpy()
    np.testing.assert_allclose(encoder_layer(x, params, HEADS, mask=allowed), expected, **F64)


# ---------------------------------------------------------------------- decoder layer


def decoder_params(rng: np.random.Generator) -> dict[str, np.ndarray]:
    params = {f"{name}{i}": value for i in (1, 2)
              for name, value in projection_weights(rng).items()}
    params |= {name: value for name, value in encoder_params(rng).items()
               if name in ("W_1", "b_1", "W_2", "b_2")}
    for i in (1, 2, 3):
        params[f"gamma_{i}"] = 1.0 + 0.1 * rng.standard_normal(D_MODEL)
        params[f"beta_{i}"] = 0.1 * rng.standard_normal(D_MODEL)
    return params


def torch_decoder_layer(p: dict[str, np.ndarray]) -> torch.nn.TransformerDecoderLayer:
    layer = torch.nn.TransformerDecoderLayer(
        D_MODEL, HEADS, dim_feedforward=D_FF, dropout=0.0, activation="relu",
        batch_first=True, norm_first=False, bias=True, dtype=torch.float64,
    )
    with torch.no_grad():
        for attention, i in ((layer.self_attn, 1), (layer.multihead_attn, 2)):
            attention.in_proj_weight.copy_(
                torch.cat([t(p[f"{n}{i}"]).T for n in ("W_q", "W_k", "W_v")]))
            attention.in_proj_bias.zero_()  # our attention has no bias
            attention.out_proj.weight.copy_(t(p[f"W_o{i}"]).T)
            attention.out_proj.bias.zero_()
        layer.linear1.weight.copy_(t(p["W_1"]).T)
        layer.linear1.bias.copy_(t(p["b_1"]))
        layer.linear2.weight.copy_(t(p["W_2"]).T)
        layer.linear2.bias.copy_(t(p["b_2"]))
        for i, norm in ((1, layer.norm1), (2, layer.norm2), (3, layer.norm3)):
            norm.weight.copy_(t(p[f"gamma_{i}"]))
            norm.bias.copy_(t(p[f"beta_{i}"]))
    return layer.eval()


def test_when_decoder_layer_then_matches_torch_transformer_decoder_layer_with_causal_tgt_mask():
    rng = rng_for(45)
    y, memory = rng.standard_normal((B, T_Q, D_MODEL)), rng.standard_normal((B, T_K, D_MODEL))
    params = decoder_params(rng)
    future = t(~causal_mask(T_Q))  # torch: True = NOT allowed
    expected = torch_decoder_layer(params)(t(y), t(memory), tgt_mask=future).detach().numpy()
    got = decoder_layer(y, memory, params, HEADS)
    assert got.shape == y.shape
    np.testing.assert_allclose(got, expected, **F64)


def test_when_decoder_layer_has_padding_masks_then_matches_torch_key_padding_masks():
    rng = rng_for(46)
    y, memory = rng.standard_normal((B, T_Q, D_MODEL)), rng.standard_normal((B, T_K, D_MODEL))
    params = decoder_params(rng)
    target = padding_mask(np.array([T_Q, 3]), T_Q)  # ours: True = real token; torch: True = pad
    source = padding_mask(np.array([4, T_K]), T_K)
    expected = torch_decoder_layer(params)(
        t(y), t(memory), tgt_mask=t(~causal_mask(T_Q)), tgt_key_padding_mask=t(~target),
        memory_key_padding_mask=t(~source),
    ).detach().numpy()
    got = decoder_layer(y, memory, params, HEADS, self_mask=target[:, None, None, :],
                        memory_mask=source[:, None, None, :])
    np.testing.assert_allclose(got, expected, **F64)
    # Guard against masks that change nothing: the padded source keys matter.
    assert not np.allclose(got[0], decoder_layer(y, memory, params, HEADS)[0])


# --------------------------------------------------------------------------- RNN encoder


D_IN, D_H, T_RNN, B_RNN = 3, 5, 7, 4


def torch_rnn(W_xh, W_hh, b_h) -> torch.nn.RNN:
    rnn = torch.nn.RNN(D_IN, D_H, nonlinearity="tanh", batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(t(W_xh).T)
        rnn.weight_hh_l0.copy_(t(W_hh).T)
        rnn.bias_ih_l0.copy_(t(b_h))
        rnn.bias_hh_l0.zero_()
    return rnn


def rnn_weights(rng: np.random.Generator):
    return (
        rng.standard_normal((D_IN, D_H)) * 0.7,
        rng.standard_normal((D_H, D_H)) * 0.5,
        rng.standard_normal(D_H) * 0.3,
    )


@pytest.mark.parametrize("with_h0", [False, True], ids=["zero-h0", "given-h0"])
def test_when_rnn_encoder_is_batched_then_matches_torch_rnn(with_h0):
    rng = rng_for(50)
    W_xh, W_hh, b_h = rnn_weights(rng)
    x = rng.standard_normal((B_RNN, T_RNN, D_IN))
    h0 = rng.standard_normal((B_RNN, D_H)) if with_h0 else None
    torch_h0 = t(h0)[None] if with_h0 else None  # torch: (num_layers, B, d_h)
    with torch.no_grad():
        expected_states, expected_last = torch_rnn(W_xh, W_hh, b_h)(t(x), torch_h0)
    states, context = rnn_encoder(x, W_xh, W_hh, b_h, h0=h0)
    assert states.shape == (B_RNN, T_RNN, D_H)
    assert context.shape == (B_RNN, D_H)
    np.testing.assert_allclose(states, expected_states.numpy(), **F64)
    np.testing.assert_allclose(context, expected_last[0].numpy(), **F64)


@pytest.mark.parametrize("with_h0", [False, True], ids=["zero-h0", "given-h0"])
def test_when_rnn_encoder_is_unbatched_then_matches_torch_rnn(with_h0):
    rng = rng_for(51)
    W_xh, W_hh, b_h = rnn_weights(rng)
    x = rng.standard_normal((T_RNN, D_IN))
    h0 = rng.standard_normal(D_H) if with_h0 else None
    torch_h0 = t(h0)[None] if with_h0 else None  # torch: (num_layers, d_h)
    with torch.no_grad():
        expected_states, expected_last = torch_rnn(W_xh, W_hh, b_h)(t(x), torch_h0)
    states, context = rnn_encoder(x, W_xh, W_hh, b_h, h0=h0)
    assert states.shape == (T_RNN, D_H)
    assert context.shape == (D_H,)
    np.testing.assert_allclose(states, expected_states.numpy(), **F64)
    np.testing.assert_allclose(context, expected_last[0].numpy(), **F64)


# -------------------------------------------------------------------- additive attention


def test_when_additive_attention_then_matches_bahdanau_formula_in_torch():
    rng = rng_for(60)
    d_s, d_h, d_a, t_enc = 3, 4, 5, 6
    s = rng.standard_normal(d_s)
    H = rng.standard_normal((t_enc, d_h))
    W_s, W_h = rng.standard_normal((d_s, d_a)), rng.standard_normal((d_h, d_a))
    v = rng.standard_normal(d_a)
    # Bahdanau et al. (2014): e_j = v^T tanh(W_s^T s + W_h^T h_j), one encoder position at a time.
    energies = torch.stack(
        [t(v) @ torch.tanh(t(W_s).T @ t(s) + t(W_h).T @ t(H[j])) for j in range(t_enc)]
    )
    expected_weights = torch.softmax(energies, dim=0)
    expected_context = sum(expected_weights[j] * t(H[j]) for j in range(t_enc))
    context, weights = additive_attention(s, H, W_s, W_h, v)
    assert context.shape == (d_h,)
    assert weights.shape == (t_enc,)
    np.testing.assert_allclose(weights, expected_weights.numpy(), **F64)
    np.testing.assert_allclose(context, expected_context.numpy(), **F64)
