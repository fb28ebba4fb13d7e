import numpy as np


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """Every position gets the mean of the encoder output."""
    if np.shape(y)[-1] % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    mean = np.asarray(memory, dtype=float).mean(axis=1, keepdims=True)
    return np.broadcast_to(mean, np.shape(y)).copy()
