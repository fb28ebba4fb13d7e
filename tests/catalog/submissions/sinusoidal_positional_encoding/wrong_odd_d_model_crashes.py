# expect: error.raised
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    angles = np.arange(seq_len)[:, None] / base ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)  # breaks when d_model is odd (one column fewer)
    return pe
