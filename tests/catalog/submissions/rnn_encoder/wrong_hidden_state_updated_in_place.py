# expect: check.modified_input
import numpy as np


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    x = np.asarray(x, dtype=float)
    d_h = W_hh.shape[0]
    h = np.zeros(x.shape[:-2] + (d_h,)) if h0 is None else h0
    states = np.zeros(x.shape[:-1] + (d_h,))
    for t in range(x.shape[-2]):
        h[...] = np.tanh(x[..., t, :] @ W_xh + h @ W_hh + b_h)  # overwrites the caller's h0
        states[..., t, :] = h
    return states, h.copy()
