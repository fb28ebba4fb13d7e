# expect: mistake.merge_heads.interleaved
import numpy as np


def merge_heads(x):
    x = np.asarray(x, dtype=float)
    batch, num_heads, seq_len, d_head = x.shape
    return x.transpose(0, 2, 3, 1).reshape(batch, seq_len, -1)
