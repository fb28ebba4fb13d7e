import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    """All the weight on the first encoder state."""
    H = np.asarray(H, dtype=float)
    weights = np.zeros(H.shape[0])
    weights[0] = 1.0
    return H[0].copy(), weights
