"""Uses PyTorch's softmax in a NumPy course."""
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    import torch

    if temperature <= 0:
        raise ValueError("temperature must be positive")
    values = torch.as_tensor(np.asarray(x, dtype=float)) / temperature
    return torch.nn.functional.softmax(values, dim=axis).numpy()


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
