# expect: mistake.decoder_layer.num_heads_ignored
import numpy as np


def attend(x_q, x_kv, W_q, W_k, W_v, W_o, mask=None):
    q, k, v = x_q @ W_q, x_kv @ W_k, x_kv @ W_v
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=-1, keepdims=True)) @ v @ W_o


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """One attention head over all features; num_heads only checked."""
    p = params
    y, memory = np.asarray(y, dtype=float), np.asarray(memory, dtype=float)
    if y.shape[-1] % num_heads:
        raise ValueError("d_model must be divisible by num_heads")
    mask = causal_mask(y.shape[1])
    if self_mask is not None:
        mask = np.logical_and(mask, np.asarray(self_mask)[:, 0])
    cross = None if memory_mask is None else np.asarray(memory_mask)[:, 0]
    a = layer_norm(y + attend(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"], mask),
                   p["gamma_1"], p["beta_1"])
    b = layer_norm(a + attend(a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"], cross),
                   p["gamma_2"], p["beta_2"])
    ffn = np.maximum(0, b @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
    return layer_norm(b + ffn, p["gamma_3"], p["beta_3"])
