import math

import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """Softmax with explicit Python loops over every slice along the axis."""
    if not temperature > 0:
        raise ValueError("temperature must be positive")
    x = np.moveaxis(np.array(x, dtype=np.float64), axis, -1)
    out = np.empty_like(x)
    for index in np.ndindex(x.shape[:-1]):
        row = [value / temperature for value in x[index]]
        top = max(row)
        exps = [math.exp(value - top) if value != -math.inf else 0.0 for value in row]
        total = sum(exps)
        out[index] = [value / total for value in exps]
    return np.moveaxis(out, -1, axis)
