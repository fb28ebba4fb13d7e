# expect: mistake.sinusoidal_positional_encoding.odd_extra_column
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    half = (d_model + 1) // 2
    angles = np.arange(seq_len)[:, None] / base ** (2 * np.arange(half) / d_model)
    pe = np.stack([np.sin(angles), np.cos(angles)], axis=-1)  # (seq_len, half, 2)
    return pe.reshape(seq_len, 2 * half)  # forgot to cut back to d_model columns
