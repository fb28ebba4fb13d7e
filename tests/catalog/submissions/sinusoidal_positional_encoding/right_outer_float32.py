import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    """np.outer of positions and frequencies, computed in float32 (like PyTorch)."""
    if seq_len <= 0 or d_model <= 0:
        raise ValueError("seq_len and d_model must be positive")
    positions = np.arange(seq_len, dtype=np.float32)
    frequencies = np.exp(
        np.arange(0, d_model, 2, dtype=np.float32) * np.float32(-np.log(base) / d_model)
    )
    angles = np.outer(positions, frequencies)  # (seq_len, ceil(d_model / 2))
    pe = np.empty((seq_len, d_model), dtype=np.float32)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
