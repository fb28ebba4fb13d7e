import numpy as np


def encoder_layer(x, params, num_heads, mask=None):
    if np.shape(x)[-1] % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    return np.zeros(np.shape(x))
