import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """softmax(z) = exp(z - logsumexp(z)), with logsumexp(z) = m + log(sum(exp(z - m)))."""
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=np.float64) / temperature
    m = np.max(z, axis=axis, keepdims=True)
    log_total = np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)) + m
    return np.exp(z - log_total)
