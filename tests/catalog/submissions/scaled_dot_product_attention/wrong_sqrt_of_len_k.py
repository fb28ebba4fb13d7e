# expect: mistake.scaled_dot_product_attention.scaled_by_sqrt_t_k
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = len(k)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)
    return weights @ v, weights
