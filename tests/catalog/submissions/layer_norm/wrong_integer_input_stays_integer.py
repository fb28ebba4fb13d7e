# expect: check.not_float
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    out = np.zeros_like(x)  # int64 when x is int64
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    out[...] = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out
