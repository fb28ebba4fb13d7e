"""Module 03's real task: a tiny trained Transformer that turns Turkish number words into digits.

``language`` holds the vocabulary, the words of every number and the training /
held-out split; ``model`` the shipped weights (``model.npz``) and their loader.
"""

from autograder.number_words.language import (
    BOS_ID,
    EOS_ID,
    PAD_ID,
    as_number,
    decode,
    encode_digits,
    encode_words,
    held_out_numbers,
    to_words,
    training_numbers,
    vocabulary,
)
from autograder.number_words.model import MODEL_FILE, TrainedModel, load_model

__all__ = [
    "BOS_ID",
    "EOS_ID",
    "MODEL_FILE",
    "PAD_ID",
    "TrainedModel",
    "as_number",
    "decode",
    "encode_digits",
    "encode_words",
    "held_out_numbers",
    "load_model",
    "to_words",
    "training_numbers",
    "vocabulary",
]
