# expect: mistake.scaled_dot_product_attention.mask_inverted
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, -1e9, scores)  # mask marks the positions to hide
    weights = softmax(scores)
    return weights @ v, weights
