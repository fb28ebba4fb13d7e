# expect: check.wrong_exception
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    assert temperature > 0, "temperature must be positive"
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
