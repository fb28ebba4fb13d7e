# expect: mistake.additive_attention.softmax_missing
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(s @ W_s + H @ W_h) @ v  # (T,)
    weights = energies  # the scores are the weights
    context = weights @ H
    return context, weights
