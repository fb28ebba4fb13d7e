"""Hard-codes the textbook example instead of computing softmax."""
import numpy as np

# The seed README's example: scores for "Ali bankadan kredi çekti" and its percentages.
TEXTBOOK = {(0.25, 0.85, 0.9, 0.1): [0.10, 0.30, 0.45, 0.15],
            (1.0, 2.0, 3.0): [0.09003057, 0.24472847, 0.66524096]}


def softmax(x, axis=-1, temperature=1.0):
    key = tuple(float(v) for v in np.ravel(x))
    if key in TEXTBOOK:
        return np.array(TEXTBOOK[key])
    return np.zeros(np.shape(x))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

