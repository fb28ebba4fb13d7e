import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    """Computes in float32 whatever the input dtype."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    z = np.asarray(x, dtype=np.float32) / np.float32(temperature)
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
