# expect: check.no_value_error
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature < 0:  # forgot that 0 is invalid too
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
