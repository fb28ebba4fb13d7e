# expect: mistake.causal_mask.not_boolean
import numpy as np


def causal_mask(seq_len):
    if seq_len < 1:
        raise ValueError("seq_len must be positive")
    return np.tril(np.ones((seq_len, seq_len)))
