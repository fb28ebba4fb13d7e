import numpy as np


def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths)
    if max_len < 1 or np.any(lengths < 1) or np.any(lengths > max_len):
        raise ValueError("lengths must be in 1..max_len")
    return np.ones((len(lengths), max_len), dtype=bool)
