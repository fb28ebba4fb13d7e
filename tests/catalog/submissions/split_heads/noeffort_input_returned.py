import numpy as np


def split_heads(x, num_heads):
    if np.shape(x)[-1] % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    return np.array(x, dtype=float)
