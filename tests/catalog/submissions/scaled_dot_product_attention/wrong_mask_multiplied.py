# expect: mistake.scaled_dot_product_attention.mask_multiplied
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores * mask  # masked scores become 0
    weights = softmax(scores)
    return weights @ v, weights
