# expect: mistake.softmax.overflow
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    e = np.exp(np.asarray(x, dtype=float) / temperature)
    return e / e.sum(axis=axis, keepdims=True)
