import numpy as np


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    """Column-vector algebra done right (W.T @ h == h @ W), in float32."""
    x = np.asarray(x, dtype=np.float32)
    W_xh_T = np.asarray(W_xh, dtype=np.float32).T
    W_hh_T = np.asarray(W_hh, dtype=np.float32).T
    b = np.asarray(b_h, dtype=np.float32)[:, None]
    batch = x.shape[:-2]
    flat = x.reshape(-1, *x.shape[-2:])  # (B, T, d_in), B = 1 when unbatched
    d_h = W_hh_T.shape[0]
    if h0 is None:
        h = np.zeros((d_h, flat.shape[0]), dtype=np.float32)
    else:
        h = np.asarray(h0, dtype=np.float32).reshape(-1, d_h).T  # (d_h, B)
    states = []
    for t in range(flat.shape[1]):
        h = np.tanh(W_xh_T @ flat[:, t, :].T + W_hh_T @ h + b)  # (d_h, B)
        states.append(h.T)
    states = np.stack(states, axis=1).reshape(*batch, flat.shape[1], d_h)
    return states, states[..., -1, :]
