# expect: mistake.scaled_dot_product_attention.mask_after_softmax
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    weights = softmax(scores)
    if mask is not None:
        weights = weights * mask
    return weights @ v, weights
