import numpy as np


def attend(q, k, v, mask):
    """One head: q (B, T_q, d), k and v (B, T_k, d); mask broadcastable to (B, T_q, T_k)."""
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """Each head projects with its own columns of W_q, W_k, W_v (no reshapes at all)."""
    d_model = np.shape(W_q)[0]
    if d_model % num_heads != 0:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    d = d_model // num_heads
    if mask is not None:
        mask = np.asarray(mask)
        while mask.ndim < 4:
            mask = mask[None]
    outputs, maps = [], []
    for h in range(num_heads):
        cols = slice(h * d, (h + 1) * d)
        head_mask = None if mask is None else mask[:, min(h, mask.shape[1] - 1)]
        out, weights = attend(x_q @ W_q[:, cols], x_kv @ W_k[:, cols], x_kv @ W_v[:, cols],
                              head_mask)
        outputs.append(out)
        maps.append(weights)
    return np.concatenate(outputs, axis=-1) @ W_o, np.stack(maps, axis=1)
