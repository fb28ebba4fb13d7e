# expect: check.no_value_error
import numpy as np


def padding_mask(lengths, max_len):
    return np.arange(max_len)[None, :] < np.asarray(lengths)[:, None]
