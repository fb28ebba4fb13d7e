import numpy as np


def padding_mask(lengths, max_len):
    if max_len <= 0:
        raise ValueError("max_len must be positive")
    mask = np.zeros((len(lengths), max_len), dtype=bool)
    for b, length in enumerate(lengths):
        if not 1 <= length <= max_len:
            raise ValueError(f"length {length} is outside 1..{max_len}")
        mask[b, :length] = True
    return mask
