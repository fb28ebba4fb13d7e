import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    """Stack (sin, cos) pairs on a new last axis, flatten, cut to d_model columns."""
    if not (seq_len > 0 and d_model > 0):
        raise ValueError("seq_len and d_model must both be > 0")
    half = -(-d_model // 2)
    angles = np.arange(seq_len)[:, None] * np.power(float(base), -2.0 * np.arange(half) / d_model)
    pairs = np.stack([np.sin(angles), np.cos(angles)], axis=-1)  # (seq_len, half, 2)
    return pairs.reshape(seq_len, 2 * half)[:, :d_model]
