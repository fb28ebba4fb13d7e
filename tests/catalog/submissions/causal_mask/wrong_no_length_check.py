# expect: check.no_value_error
import numpy as np


def causal_mask(seq_len):
    positions = np.arange(seq_len)
    return positions[None, :] <= positions[:, None]
