import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    return np.zeros(np.shape(x))
