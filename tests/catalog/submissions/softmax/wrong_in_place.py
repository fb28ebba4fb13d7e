# expect: check.modified_input
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(float)
    x -= np.max(x, axis=axis, keepdims=True)  # changes the caller's array
    x /= temperature
    np.exp(x, out=x)
    x /= np.sum(x, axis=axis, keepdims=True)
    return x
