import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    out = np.zeros((*np.shape(q)[:-1], np.shape(v)[-1]))
    weights = np.zeros((*np.shape(q)[:-1], np.shape(k)[-2]))
    return out, weights
