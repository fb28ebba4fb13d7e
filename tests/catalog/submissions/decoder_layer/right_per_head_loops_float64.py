import numpy as np


def my_layer_norm(x, gamma, beta, eps=1e-5):
    centred = x - x.mean(axis=-1, keepdims=True)
    return gamma * centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps) + beta


def heads_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask):
    """Explicit loops over the batch and the heads; mask already (B, H, T_q, T_k) or None."""
    B, T_q, d_model = x_q.shape
    if d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    d_head = d_model // num_heads
    out = np.zeros((B, T_q, d_model))
    for b in range(B):
        q, k, v = x_q[b] @ W_q, x_kv[b] @ W_k, x_kv[b] @ W_v
        heads = []
        for h in range(num_heads):
            cols = slice(h * d_head, (h + 1) * d_head)
            scores = q[:, cols] @ k[:, cols].T / np.sqrt(d_head)
            if mask is not None:
                scores = np.where(mask[b, h], scores, -np.inf)
            scores = scores - scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            heads.append(weights / weights.sum(axis=-1, keepdims=True) @ v[:, cols])
        out[b] = np.concatenate(heads, axis=-1) @ W_o
    return out


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """Everything in float64, with helpers of its own."""
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    y, memory = np.array(y, dtype=np.float64), np.array(memory, dtype=np.float64)
    B, T_y, _ = y.shape
    T_x = memory.shape[1]
    keep = np.tril(np.ones((T_y, T_y), dtype=bool))
    if self_mask is not None:
        keep = keep & np.asarray(self_mask, dtype=bool)
    keep = np.broadcast_to(keep, (B, num_heads, T_y, T_y))
    cross = None if memory_mask is None else np.broadcast_to(memory_mask, (B, num_heads, T_y, T_x))
    a = my_layer_norm(y + heads_attention(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"],
                                          num_heads, keep), p["gamma_1"], p["beta_1"])
    b = my_layer_norm(a + heads_attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"],
                                          p["W_o2"], num_heads, cross), p["gamma_2"], p["beta_2"])
    hidden = np.maximum(b @ p["W_1"] + p["b_1"], 0)
    return my_layer_norm(b + hidden @ p["W_2"] + p["b_2"], p["gamma_3"], p["beta_3"])
