import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """Moves the axis to the end, and zeroes -inf scores explicitly with np.where."""
    if not (temperature > 0):
        raise ValueError("temperature must be strictly positive")
    z = np.moveaxis(np.asarray(x, dtype=float), axis, -1) / temperature
    top = z.max(axis=-1, keepdims=True)
    e = np.where(np.isneginf(z), 0.0, np.exp(z - top))
    out = e / e.sum(axis=-1, keepdims=True)
    return np.moveaxis(out, -1, axis)
