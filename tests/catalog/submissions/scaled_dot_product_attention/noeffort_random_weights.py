import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError("mismatched inner dimensions")
    batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2])
    r = np.random.default_rng(1).random((*batch, q.shape[-2], k.shape[-2]))
    if mask is not None:
        r = r * np.broadcast_to(mask, r.shape)
    weights = r / r.sum(axis=-1, keepdims=True)
    return weights @ v, weights
