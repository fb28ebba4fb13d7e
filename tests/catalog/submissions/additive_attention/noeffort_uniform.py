import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    """Equal weights over the encoder states and their mean as the context."""
    H = np.asarray(H, dtype=float)
    weights = np.full(H.shape[0], 1.0 / H.shape[0])
    return weights @ H, weights
