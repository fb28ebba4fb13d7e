# expect: mistake.rnn_encoder.h0_in_states
import numpy as np


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    x = np.asarray(x, dtype=float)
    d_h = W_hh.shape[0]
    h = np.zeros(x.shape[:-2] + (d_h,)) if h0 is None else h0
    states = [h]
    for t in range(x.shape[-2]):
        h = np.tanh(x[..., t, :] @ W_xh + h @ W_hh + b_h)
        states.append(h)
    states = np.stack(states, axis=-2)
    return states, states[..., -1, :]
