# expect: mistake.sinusoidal_positional_encoding.column_index_exponent
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    pe = np.zeros((seq_len, d_model))
    for pos in range(seq_len):
        for j in range(d_model):
            angle = pos / base ** (j / d_model)
            pe[pos, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return pe
