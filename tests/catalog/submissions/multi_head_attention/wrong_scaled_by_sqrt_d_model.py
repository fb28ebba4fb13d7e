# expect: mistake.multi_head_attention.scaled_by_sqrt_d_model
import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    x_q, x_kv = np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float)
    Q = split_heads(x_q @ W_q, num_heads)
    K = split_heads(x_kv @ W_k, num_heads)
    V = split_heads(x_kv @ W_v, num_heads)
    d_model = x_q.shape[-1]
    scores = Q @ K.transpose(0, 1, 3, 2) / np.sqrt(d_model)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)
    heads = weights @ V
    return merge_heads(heads) @ W_o, weights
