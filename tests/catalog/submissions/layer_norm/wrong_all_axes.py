# expect: mistake.layer_norm.all_axes
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mean = x.mean()
    var = x.var()
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
