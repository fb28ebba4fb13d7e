# expect: mistake.merge_heads.concatenated_along_time
import numpy as np


def merge_heads(x):
    x = np.asarray(x, dtype=float)
    return np.concatenate([x[:, h] for h in range(x.shape[1])], axis=1)
