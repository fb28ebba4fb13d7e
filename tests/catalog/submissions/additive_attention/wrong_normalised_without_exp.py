# expect: mistake.additive_attention.normalised_without_exp
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(s @ W_s + H @ W_h) @ v  # (T,)
    weights = energies / np.sum(energies)
    context = weights @ H
    return context, weights
