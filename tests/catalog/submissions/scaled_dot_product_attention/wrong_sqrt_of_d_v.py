# expect: mistake.scaled_dot_product_attention.scaled_by_sqrt_d_v
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    d = v.shape[-1]  # model dimension
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)
    return weights @ v, weights
