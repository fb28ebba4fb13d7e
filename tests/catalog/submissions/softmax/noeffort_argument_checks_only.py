import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature must be positive")
    return np.ones(np.shape(x))
