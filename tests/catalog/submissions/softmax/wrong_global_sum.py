# expect: mistake.softmax.global_sum
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - np.max(z))
    return e / np.sum(e)  # axis forgotten in both the max and the sum
