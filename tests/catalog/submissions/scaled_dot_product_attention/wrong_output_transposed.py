# expect: mistake.scaled_dot_product_attention.output_transposed
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)
    output = np.einsum("...qk,...kv->...vq", weights, v)
    return output, weights
