# expect: mistake.additive_attention.context_wrong_axis
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(s @ W_s + H @ W_h) @ v  # (T,)
    e = np.exp(energies - energies.max())
    weights = e / e.sum()
    context = np.sum(weights[:, None] * H, axis=1)
    return context, weights
