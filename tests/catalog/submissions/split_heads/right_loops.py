import numpy as np


def split_heads(x, num_heads):
    batch, seq_len, d_model = np.shape(x)
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads
    out = np.zeros((batch, num_heads, seq_len, d_head))
    for b in range(batch):
        for t in range(seq_len):
            for h in range(num_heads):
                for i in range(d_head):
                    out[b, h, t, i] = x[b, t, h * d_head + i]
    return out
