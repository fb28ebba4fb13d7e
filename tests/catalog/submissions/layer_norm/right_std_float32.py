import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    """np.std, computed in float32 throughout."""
    x = np.asarray(x, dtype=np.float32)
    mean = np.mean(x, axis=-1, keepdims=True)
    std = np.std(x, axis=-1, keepdims=True)
    normalised = (x - mean) / np.sqrt(std**2 + np.float32(eps))
    return np.float32(1) * gamma.astype(np.float32) * normalised + beta.astype(np.float32)
