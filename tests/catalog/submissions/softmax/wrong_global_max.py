# expect: mistake.softmax.overflow
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """Subtracts the maximum of the whole array: fine for small scores, but a row
    whose scores are all far below the global maximum underflows to 0/0 = NaN."""
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
