# expect: mistake.scaled_dot_product_attention.returned_in_wrong_order
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    attention = softmax(scores)
    return attention, attention @ v
