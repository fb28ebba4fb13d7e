# expect: check.not_float
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    out = np.empty_like(x)  # int64 for an integer x: every weight rounds to 0
    z = x / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    out[...] = e / np.sum(e, axis=axis, keepdims=True)
    return out
