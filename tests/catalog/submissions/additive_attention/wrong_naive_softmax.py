# expect: mistake.additive_attention.overflow
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(s @ W_s + H @ W_h) @ v  # (T,)
    e = np.exp(energies)
    weights = e / e.sum()
    context = weights @ H
    return context, weights
