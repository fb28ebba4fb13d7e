import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    """Everything computed in float32, as on a GPU."""
    q, k, v = (np.asarray(a, dtype=np.float32) for a in (q, k, v))
    d_k = q.shape[-1]
    if k.shape[-1] != d_k or k.shape[-2] != v.shape[-2]:
        raise ValueError("mismatched dimensions")
    scores = (q @ np.swapaxes(k, -1, -2)) / np.float32(np.sqrt(d_k))
    if mask is not None:
        scores = np.where(mask, scores, np.float32(-np.inf))
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    weights = e / e.sum(axis=-1, keepdims=True)
    return weights @ v, weights
