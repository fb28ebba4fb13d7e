import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    """Random angles: each (sin, cos) pair lies on the unit circle, the angles mean nothing."""
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("seq_len and d_model must be positive")
    angles = np.random.default_rng(7).uniform(0, 6.3, size=(seq_len, (d_model + 1) // 2))
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
