# expect: mistake.multi_head_attention.projection_per_head_block
import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    x_q, x_kv = np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float)
    d = x_q.shape[-1] // num_heads
    xq, xkv = split_heads(x_q, num_heads), split_heads(x_kv, num_heads)
    # project each head's slice of x with its own block of the weights
    Q = np.stack([xq[:, h] @ W_q[h * d:(h + 1) * d, h * d:(h + 1) * d] for h in range(num_heads)], axis=1)
    K = np.stack([xkv[:, h] @ W_k[h * d:(h + 1) * d, h * d:(h + 1) * d] for h in range(num_heads)], axis=1)
    V = np.stack([xkv[:, h] @ W_v[h * d:(h + 1) * d, h * d:(h + 1) * d] for h in range(num_heads)], axis=1)
    heads, weights = scaled_dot_product_attention(Q, K, V, mask)
    return merge_heads(heads) @ W_o, weights
