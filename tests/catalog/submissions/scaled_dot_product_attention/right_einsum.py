import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    """Attention with einsum and a log-sum-exp softmax."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError("q/k feature sizes or k/v lengths do not match")
    scores = np.einsum("...id,...jd->...ij", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    log_norm = top + np.log(np.exp(scores - top).sum(axis=-1, keepdims=True))
    weights = np.exp(scores - log_norm)
    return np.einsum("...ij,...jd->...id", weights, v), weights
