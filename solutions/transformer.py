"""Reference solutions for module 02: attention and the Transformer.

Read top to bottom: each function builds on the ones above it, ending with one
post-norm encoder layer of Vaswani et al. (2017), "Attention Is All You Need".

Conventions (see the exercise contract):
- NumPy arrays in, NumPy arrays out; results are floating point.
- Inputs are never modified in place.
- Row-vector weights: a projection is ``x @ W`` with ``W`` of shape ``(d_in, d_out)``.
- Boolean masks: ``True`` means "may attend / is a real token".
"""

from __future__ import annotations

import numpy as np


def as_float(x) -> np.ndarray:
    """Return ``x`` as a floating-point array (integers become float64)."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    return x


def softmax(x, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Softmax of ``x / temperature`` along ``axis``.

    Args:
        x: scores, any shape ``(...)``; ``-inf`` entries get weight 0.
        axis: the axis that sums to 1 (negative values count from the end).
        temperature: > 0. Above 1 flattens the distribution, below 1 sharpens it.

    Returns:
        Array of the same shape as ``x``, floating point.

    Raises:
        ValueError: if ``temperature <= 0``.
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    x = as_float(x)
    # Subtracting the row maximum leaves the result unchanged (it cancels in the
    # ratio) but keeps exp() from overflowing; doing it before dividing by the
    # temperature keeps x / temperature from overflowing as well. A row that is
    # all -inf has no finite maximum; use 0 there so that the row becomes
    # 0/0 = NaN, not an error.
    x_max = np.max(x, axis=axis, keepdims=True)
    x_max = np.where(np.isfinite(x_max), x_max, 0.0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp((x - x_max) / temperature)  # exponents <= 0 (or -inf): no overflow
        return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None) -> tuple[np.ndarray, np.ndarray]:
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V.

    Args:
        q: queries ``(..., T_q, d_k)``.
        k: keys ``(..., T_k, d_k)``.
        v: values ``(..., T_k, d_v)``.
        mask: optional boolean, broadcastable to ``(..., T_q, T_k)``;
            ``False`` positions get weight exactly 0.

    Returns:
        ``(output, weights)`` with shapes ``(..., T_q, d_v)`` and ``(..., T_q, T_k)``.

    Raises:
        ValueError: if the last axes of ``q`` and ``k`` differ, or ``k`` and
            ``v`` have different numbers of positions.
    """
    q, k, v = as_float(q), as_float(k), as_float(v)
    d_k = q.shape[-1]
    if k.shape[-1] != d_k:
        raise ValueError(f"q and k must share the last dimension d_k, got {d_k} and {k.shape[-1]}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(
            "k and v must have the same number of positions T_k, "
            f"got {k.shape[-2]} and {v.shape[-2]}"
        )
    # d_k ** 0.5 is a Python float, which keeps float32 scores in float32
    # (np.sqrt(d_k) would be a float64 scalar and promote them to float64).
    scores = q @ np.swapaxes(k, -1, -2) / d_k**0.5  # (..., T_q, T_k)
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -np.inf)
    weights = softmax(scores, axis=-1)  # (..., T_q, T_k)
    return weights @ v, weights  # (..., T_q, d_v), (..., T_q, T_k)


def _check_length(name: str, value) -> int:
    if int(value) != value or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def causal_mask(seq_len: int) -> np.ndarray:
    """Boolean ``(seq_len, seq_len)`` mask, True at ``[i, j]`` exactly when ``j <= i``.

    Raises:
        ValueError: if ``seq_len`` is not a positive integer.
    """
    n = _check_length("seq_len", seq_len)
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, max_len: int) -> np.ndarray:
    """Boolean ``(B, max_len)`` mask, True at ``[b, t]`` exactly when ``t < lengths[b]``.

    Args:
        lengths: integers ``(B,)``, each in ``1..max_len``.
        max_len: the padded length T.

    Raises:
        ValueError: if ``max_len`` is not positive or a length is outside ``1..max_len``.
    """
    n = _check_length("max_len", max_len)
    lengths = np.asarray(lengths)
    if lengths.ndim != 1:
        raise ValueError(f"lengths must be one-dimensional (B,), got shape {lengths.shape}")
    if not np.issubdtype(lengths.dtype, np.number) or np.any(lengths != np.round(lengths)):
        raise ValueError(f"every length must be an integer, got {lengths.tolist()}")
    if np.any(lengths < 1) or np.any(lengths > n):
        raise ValueError(f"every length must be in 1..{n}, got {lengths.tolist()}")
    return np.arange(n)[None, :] < lengths[:, None]  # (B, max_len)


def split_heads(x, num_heads: int) -> np.ndarray:
    """``(B, T, d_model)`` to ``(B, num_heads, T, d_head)``, ``d_head = d_model // num_heads``.

    Head ``h`` holds features ``h*d_head : (h+1)*d_head`` of every position.

    Raises:
        ValueError: if ``d_model`` is not divisible by ``num_heads``.
    """
    x = as_float(x)
    B, T, d_model = x.shape
    if num_heads < 1 or d_model % num_heads != 0:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    d_head = d_model // num_heads
    return x.reshape(B, T, num_heads, d_head).transpose(0, 2, 1, 3)  # (B, H, T, d_head)


def merge_heads(x) -> np.ndarray:
    """``(B, num_heads, T, d_head)`` to ``(B, T, num_heads * d_head)``; inverse of split_heads."""
    x = as_float(x)
    B, H, T, d_head = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * d_head)


def multi_head_attention(
    x_q, x_kv, W_q, W_k, W_v, W_o, num_heads: int, mask=None
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head attention without biases.

    Args:
        x_q: queries' inputs ``(B, T_q, d_model)``.
        x_kv: keys' and values' inputs ``(B, T_k, d_model)`` (the same array
            as ``x_q`` for self-attention, the encoder output for cross-attention).
        W_q, W_k, W_v, W_o: projections ``(d_model, d_model)``.
        num_heads: number of heads H; must divide ``d_model``.
        mask: optional boolean, broadcastable to ``(B, H, T_q, T_k)``.

    Returns:
        ``(output, weights)``: ``(B, T_q, d_model)`` and ``(B, H, T_q, T_k)``.
    """
    x_q, x_kv = as_float(x_q), as_float(x_kv)
    Q = split_heads(x_q @ W_q, num_heads)  # (B, H, T_q, d_head)
    K = split_heads(x_kv @ W_k, num_heads)  # (B, H, T_k, d_head)
    V = split_heads(x_kv @ W_v, num_heads)  # (B, H, T_k, d_head)
    heads, weights = scaled_dot_product_attention(Q, K, V, mask)  # (B, H, T_q, d_head)
    return merge_heads(heads) @ W_o, weights  # (B, T_q, d_model), (B, H, T_q, T_k)


def sinusoidal_positional_encoding(seq_len: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """Sinusoidal positional encoding ``(seq_len, d_model)``, interleaved sin/cos.

    ``PE[p, 2i] = sin(p / base**(2i / d_model))`` and
    ``PE[p, 2i+1] = cos(p / base**(2i / d_model))``; an odd ``d_model`` ends with a sine.

    Raises:
        ValueError: if ``seq_len`` or ``d_model`` is not a positive integer.
    """
    n = _check_length("seq_len", seq_len)
    d = _check_length("d_model", d_model)
    positions = np.arange(n)[:, None]  # (seq_len, 1)
    even = np.arange(0, d, 2)  # the 2i of each sin/cos pair
    angles = positions / base ** (even / d)  # (seq_len, ceil(d/2))
    pe = np.zeros((n, d))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d // 2])
    return pe


def layer_norm(x, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Normalise over the last axis: ``gamma * (x - mean) / sqrt(var + eps) + beta``.

    Args:
        x: ``(..., d)``; gamma, beta: ``(d,)``. The variance is the biased one (divide by d).
    """
    x = as_float(x)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def encoder_layer(x, params: dict, num_heads: int, mask=None) -> np.ndarray:
    """One post-norm Transformer encoder layer.

    ``a = layer_norm(x + MHA(x, x))`` then ``out = layer_norm(a + FFN(a))`` with
    ``FFN(a) = relu(a @ W_1 + b_1) @ W_2 + b_2``.

    Args:
        x: ``(B, T, d_model)``.
        params: ``W_q W_k W_v W_o`` ``(d_model, d_model)``, ``W_1`` ``(d_model, d_ff)``,
            ``b_1`` ``(d_ff,)``, ``W_2`` ``(d_ff, d_model)``, ``b_2`` ``(d_model,)``,
            ``gamma_1 beta_1 gamma_2 beta_2`` ``(d_model,)``.
        num_heads: number of attention heads.
        mask: optional boolean key mask broadcastable to ``(B, H, T, T)``.

    Returns:
        ``(B, T, d_model)``.
    """
    p = params
    attended, _ = multi_head_attention(
        x, x, p["W_q"], p["W_k"], p["W_v"], p["W_o"], num_heads, mask
    )  # (B, T, d_model)
    a = layer_norm(x + attended, p["gamma_1"], p["beta_1"])  # (B, T, d_model)
    hidden = np.maximum(0.0, a @ p["W_1"] + p["b_1"])  # (B, T, d_ff)
    return layer_norm(a + hidden @ p["W_2"] + p["b_2"], p["gamma_2"], p["beta_2"])
