"""Reference solutions for module 01: sequence-to-sequence models.

An Elman RNN encoder that squeezes a sequence into one context vector (the
information bottleneck), and the additive attention of Bahdanau et al. (2014),
"Neural Machine Translation by Jointly Learning to Align and Translate", which
lets the decoder look back at every encoder state instead.
"""

from __future__ import annotations

import numpy as np

from solutions.transformer import as_float, softmax


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None) -> tuple[np.ndarray, np.ndarray]:
    """Run ``h_t = tanh(x_t @ W_xh + h_{t-1} @ W_hh + b_h)`` over the sequence.

    Args:
        x: inputs ``(T, d_in)`` or ``(B, T, d_in)``.
        W_xh: ``(d_in, d_h)``; W_hh: ``(d_h, d_h)``; b_h: ``(d_h,)``.
        h0: initial state ``(d_h,)`` or ``(B, d_h)``; zeros when None.

    Returns:
        ``(states, context)``: all T states ``(T, d_h)`` or ``(B, T, d_h)``
        (h0 excluded) and the last state ``(d_h,)`` or ``(B, d_h)``.

    Raises:
        ValueError: if ``x``'s feature size does not match ``W_xh``.
    """
    x = as_float(x)
    W_xh, W_hh, b_h = np.asarray(W_xh), np.asarray(W_hh), np.asarray(b_h)
    if x.shape[-1] != W_xh.shape[0]:
        raise ValueError(f"x has {x.shape[-1]} features but W_xh expects {W_xh.shape[0]}")
    d_h = W_hh.shape[0]
    batch_shape = x.shape[:-2]  # () or (B,)
    h = np.zeros((*batch_shape, d_h), dtype=x.dtype) if h0 is None else np.asarray(h0)
    states = []
    for t in range(x.shape[-2]):
        h = np.tanh(x[..., t, :] @ W_xh + h @ W_hh + b_h)  # (..., d_h)
        states.append(h)
    states = np.stack(states, axis=-2)  # (..., T, d_h)
    return states, states[..., -1, :]


def additive_attention(s, H, W_s, W_h, v) -> tuple[np.ndarray, np.ndarray]:
    """Bahdanau attention of one decoder state over all encoder states.

    ``e_j = tanh(s @ W_s + H_j @ W_h) @ v``, ``weights = softmax(e)``,
    ``context = weights @ H``.

    Args:
        s: decoder state ``(d_s,)``.
        H: encoder states ``(T, d_h)``.
        W_s: ``(d_s, d_a)``; W_h: ``(d_h, d_a)``; v: ``(d_a,)``.

    Returns:
        ``(context, weights)`` of shapes ``(d_h,)`` and ``(T,)``.
    """
    H = np.asarray(H)
    energies = np.tanh(np.asarray(s) @ W_s + H @ W_h) @ v  # (T,)
    weights = softmax(energies, axis=-1)  # (T,)
    return weights @ H, weights  # (d_h,), (T,)
