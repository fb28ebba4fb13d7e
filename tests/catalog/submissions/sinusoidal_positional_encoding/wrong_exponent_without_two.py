# expect: mistake.sinusoidal_positional_encoding.exponent_without_two
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    pe = np.zeros((seq_len, d_model))
    for pos in range(seq_len):
        for i in range((d_model + 1) // 2):
            angle = pos / base ** (i / d_model)
            pe[pos, 2 * i] = np.sin(angle)
            if 2 * i + 1 < d_model:
                pe[pos, 2 * i + 1] = np.cos(angle)
    return pe
