import numpy as np


def causal_mask(seq_len):
    if seq_len < 1:
        raise ValueError("seq_len must be at least 1")
    rows = [[j <= i for j in range(seq_len)] for i in range(seq_len)]
    return np.array(rows, dtype=bool)
