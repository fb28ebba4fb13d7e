import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    """Centre first, then the variance as the mean square of the centred values."""
    x = np.asarray(x) * 1.0
    centred = x - np.mean(x, axis=-1)[..., None]
    var = np.einsum("...d,...d->...", centred, centred) / x.shape[-1]
    return centred / np.sqrt(var + eps)[..., None] * gamma + beta
