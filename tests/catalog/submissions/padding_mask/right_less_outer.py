import numpy as np


def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths).astype(np.int64)
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    if lengths.min() < 1 or lengths.max() > max_len:
        raise ValueError("every length must lie in 1..max_len")
    return np.less.outer(np.arange(max_len), lengths).T
