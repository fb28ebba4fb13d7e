import numpy as np


def causal_mask(seq_len):
    if seq_len <= 0:
        raise ValueError("seq_len must be positive")
    return np.ones((seq_len, seq_len), dtype=bool)
