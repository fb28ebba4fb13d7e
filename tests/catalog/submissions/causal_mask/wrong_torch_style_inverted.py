# expect: mistake.causal_mask.inverted
import numpy as np


def causal_mask(seq_len):
    """True marks the future positions to block (as in many PyTorch tutorials)."""
    if seq_len <= 0:
        raise ValueError("seq_len must be positive")
    return np.triu(np.ones((seq_len, seq_len)), k=1).astype(bool)
