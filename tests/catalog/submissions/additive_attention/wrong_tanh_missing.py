# expect: mistake.additive_attention.tanh_missing
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = (s @ W_s + H @ W_h) @ v  # (T,)
    e = np.exp(energies - energies.max())
    weights = e / e.sum()
    context = weights @ H
    return context, weights
