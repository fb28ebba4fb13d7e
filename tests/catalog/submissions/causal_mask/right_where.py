import numpy as np


def causal_mask(seq_len):
    if not isinstance(seq_len, (int, np.integer)) or seq_len < 1:
        raise ValueError(f"seq_len must be a positive integer, got {seq_len!r}")
    i, j = np.indices((seq_len, seq_len))
    return np.where(j <= i, True, False)
