# expect: mistake.additive_attention.context_from_energies
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(s @ W_s + H @ W_h) @ v  # (T,)
    e = np.exp(energies - energies.max())
    weights = e / e.sum()
    context = energies @ H
    return context, weights
