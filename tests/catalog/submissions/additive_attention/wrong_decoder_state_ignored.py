# expect: mistake.additive_attention.decoder_state_ignored
import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(H @ W_h) @ v  # (T,)
    e = np.exp(energies - energies.max())
    weights = e / e.sum()
    context = weights @ H
    return context, weights
