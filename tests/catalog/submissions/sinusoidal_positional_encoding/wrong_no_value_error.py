# expect: check.no_value_error
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    angles = np.arange(max(seq_len, 0))[:, None] / base ** (np.arange(0, max(d_model, 0), 2) / d_model)
    pe = np.zeros((max(seq_len, 0), max(d_model, 0)))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
