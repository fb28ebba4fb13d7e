import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    return np.zeros(np.shape(x))
