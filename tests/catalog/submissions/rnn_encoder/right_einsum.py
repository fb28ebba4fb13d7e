import numpy as np


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    """Input projections for all steps at once with einsum, then the recurrence."""
    x = np.asarray(x, dtype=np.float64)
    unbatched = x.ndim == 2
    if unbatched:
        x = x[None]
        h0 = None if h0 is None else np.asarray(h0)[None]
    B, T, _ = x.shape
    d_h = W_hh.shape[0]
    inputs = np.einsum("btd,dh->bth", x, W_xh) + b_h  # (B, T, d_h)
    h = np.zeros((B, d_h)) if h0 is None else np.array(h0, dtype=np.float64)
    states = np.empty((B, T, d_h))
    for t in range(T):
        h = np.tanh(inputs[:, t] + np.einsum("bh,hk->bk", h, W_hh))
        states[:, t] = h
    if unbatched:
        return states[0], states[0, -1]
    return states, states[:, -1]
