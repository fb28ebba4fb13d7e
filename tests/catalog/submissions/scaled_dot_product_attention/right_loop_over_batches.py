import math

import numpy as np


def attend_2d(q, k, v, mask):
    """One (T_q, d_k) x (T_k, d_k) x (T_k, d_v) attention with plain loops over queries."""
    t_q, t_k = q.shape[0], k.shape[0]
    out = np.zeros((t_q, v.shape[1]))
    weights = np.zeros((t_q, t_k))
    for i in range(t_q):
        scores = [float(q[i] @ k[j]) / math.sqrt(q.shape[1]) if mask[i, j] else -math.inf
                  for j in range(t_k)]
        top = max(scores)
        exps = [math.exp(s - top) if s != -math.inf else 0.0 for s in scores]
        total = sum(exps)
        weights[i] = [e / total for e in exps]
        out[i] = weights[i] @ v
    return out, weights


def scaled_dot_product_attention(q, k, v, mask=None):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError("q and k need the same last dimension")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError("k and v need the same number of positions")
    t_q, t_k = q.shape[-2], k.shape[-2]
    batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    if mask is None:
        mask = np.ones((t_q, t_k), dtype=bool)
    mask = np.broadcast_to(mask, (*batch, t_q, t_k))
    out = np.zeros((*batch, t_q, v.shape[-1]))
    weights = np.zeros((*batch, t_q, t_k))
    for index in np.ndindex(batch):
        out[index], weights[index] = attend_2d(q[index], k[index], v[index], mask[index])
    return out, weights
