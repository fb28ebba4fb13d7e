# expect: check.modified_input
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        x = np.asarray(x, dtype=float)
    x -= x.mean(axis=-1, keepdims=True)  # changes the caller's array
    x /= np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps)
    return gamma * x + beta
