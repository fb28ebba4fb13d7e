import math

import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    """One energy per encoder position in a Python loop, then a stable softmax."""
    query = np.dot(s, W_s)  # (d_a,), the same for every position
    energies = []
    for h_j in H:
        energies.append(float(np.dot(np.tanh(query + np.dot(h_j, W_h)), v)))
    top = max(energies)
    exps = [math.exp(e - top) for e in energies]
    total = sum(exps)
    weights = np.array([x / total for x in exps])
    context = np.zeros(H.shape[1])
    for w_j, h_j in zip(weights, H):
        context = context + w_j * h_j
    return context, weights
