import numpy as np


def additive_attention(s, H, W_s, W_h, v):
    """Everything in float32; weights = exp(e - logsumexp(e)); context by einsum."""
    s, H = np.asarray(s, np.float32), np.asarray(H, np.float32)
    W_s, W_h, v = (np.asarray(a, np.float32) for a in (W_s, W_h, v))
    energies = np.einsum("ta,a->t", np.tanh(s[None, :] @ W_s + H @ W_h), v)
    m = energies.max()
    log_total = m + np.log(np.sum(np.exp(energies - m)))
    weights = np.exp(energies - log_total)
    return np.einsum("t,td->d", weights, H), weights
