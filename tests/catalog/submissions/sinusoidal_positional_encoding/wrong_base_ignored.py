# expect: mistake.sinusoidal_positional_encoding.base_ignored
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    angles = np.arange(seq_len)[:, None] / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
