import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """Heads as an einsum axis: each W viewed as (d_model, heads, d_head)."""
    d_model = W_q.shape[0]
    if d_model % num_heads:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads
    x_q, x_kv = np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float)
    wq, wk, wv = (w.reshape(d_model, num_heads, d_head) for w in (W_q, W_k, W_v))
    q = np.einsum("btm,mhd->bhtd", x_q, wq)
    k = np.einsum("bsm,mhd->bhsd", x_kv, wk)
    v = np.einsum("bsm,mhd->bhsd", x_kv, wv)
    scores = np.einsum("bhtd,bhsd->bhts", q, k) / np.sqrt(d_head)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    heads = np.einsum("bhts,bhsd->bthd", weights, v)
    return np.einsum("bthd,hdm->btm", heads, W_o.reshape(num_heads, d_head, d_model)), weights
