import numpy as np


def padding_mask(lengths, max_len):
    """Only the first token of every row is real: a prefix, but never the right one."""
    lengths = np.asarray(lengths)
    if max_len < 1 or np.any(lengths < 1) or np.any(lengths > max_len):
        raise ValueError("lengths must be in 1..max_len")
    mask = np.zeros((len(lengths), max_len), dtype=bool)
    mask[:, 0] = True
    return mask
