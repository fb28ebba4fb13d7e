import numpy as np


def _encode_one(x, W_xh, W_hh, b_h, h):
    states = []
    for x_t in x:  # x: (T, d_in)
        h = np.tanh(np.dot(x_t, W_xh) + np.dot(h, W_hh) + b_h)
        states.append(h)
    return np.array(states)


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    """One sequence at a time; a batch is a Python loop over its sequences."""
    x = np.asarray(x, dtype=float)
    d_h = len(b_h)
    if x.ndim == 2:
        start = np.zeros(d_h) if h0 is None else h0
        states = _encode_one(x, W_xh, W_hh, b_h, start)
        return states, states[-1]
    starts = np.zeros((x.shape[0], d_h)) if h0 is None else h0
    states = np.array([_encode_one(seq, W_xh, W_hh, b_h, start) for seq, start in zip(x, starts)])
    return states, states[:, -1, :]
