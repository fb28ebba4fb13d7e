# expect: mistake.sinusoidal_positional_encoding.concatenated_halves
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("sizes must be positive")
    positions = np.arange(seq_len)[:, None]
    div = base ** (np.arange(0, d_model, 2) / d_model)
    angles = positions / div
    # sin block followed by cos block (like some blog posts), not interleaved
    return np.concatenate([np.sin(angles), np.cos(angles[:, : d_model // 2])], axis=1)
