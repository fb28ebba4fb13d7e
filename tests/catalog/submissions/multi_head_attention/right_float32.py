import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """The reference algorithm, computed entirely in float32."""
    f = np.float32
    x_q, x_kv = np.asarray(x_q, f), np.asarray(x_kv, f)
    W_q, W_k, W_v, W_o = (np.asarray(w, f) for w in (W_q, W_k, W_v, W_o))
    batch, t_q, d_model = x_q.shape
    t_k = x_kv.shape[1]
    if d_model % num_heads:
        raise ValueError("d_model must be divisible by num_heads")
    d = d_model // num_heads

    def split(x, t):
        return x.reshape(batch, t, num_heads, d).transpose(0, 2, 1, 3)

    q, k, v = split(x_q @ W_q, t_q), split(x_kv @ W_k, t_k), split(x_kv @ W_v, t_k)
    scores = q @ k.transpose(0, 1, 3, 2) / f(np.sqrt(d))
    if mask is not None:
        scores = np.where(mask, scores, f(-np.inf))
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)
    heads = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, t_q, d_model)
    return heads @ W_o, weights
