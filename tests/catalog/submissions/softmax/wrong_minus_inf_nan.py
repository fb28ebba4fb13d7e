# expect: mistake.softmax.minus_inf
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """Replaces non-finite scores by 0 "to be safe", which gives -inf a real weight."""
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.nan_to_num(np.asarray(x, dtype=float), neginf=0.0) / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
