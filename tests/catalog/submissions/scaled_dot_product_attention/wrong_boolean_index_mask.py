# expect: error.raised
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores[~mask] = -np.inf  # needs a mask of exactly the scores' shape
    weights = softmax(scores)
    return weights @ v, weights
