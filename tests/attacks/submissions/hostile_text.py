"""Exception messages and output that break encoders and terminals.

A lone surrogate cannot be encoded as UTF-8; escape sequences would recolour,
retitle or clear the instructor's terminal; NUL and a bidirectional override
would hide text.
"""
import numpy as np

print("\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x00\u202egnp.exe\udc80")


def softmax(x, axis=-1, temperature=1.0):
    raise RuntimeError("\udc80 lone surrogate \x1b[2J cleared \x00 nul \u202e reversed " * 50)


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
