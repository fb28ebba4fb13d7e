"""The trained weights of module 03's tiny Transformer, shipped with the course.

``model.npz`` (float32, written by ``python -m solutions.train_number_model``)
holds the model dict ``greedy_decode`` takes, the vocabulary it was trained
with, its number of heads and the SHA-256 of its weights. The grader loads it in
its own process and passes it to the student's ``greedy_decode`` as an
argument (student code never reads it from disk); a learner's notebook loads it
with :func:`load_model` from the installed course package.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from autograder.number_words import language

MODEL_FILE = Path(__file__).with_name("model.npz")
ENCODER_KEYS = ("W_q", "W_k", "W_v", "W_o", "W_1", "b_1", "W_2", "b_2",
                "gamma_1", "beta_1", "gamma_2", "beta_2")
DECODER_KEYS = ("W_q1", "W_k1", "W_v1", "W_o1", "W_q2", "W_k2", "W_v2", "W_o2",
                "W_1", "b_1", "W_2", "b_2",
                "gamma_1", "beta_1", "gamma_2", "beta_2", "gamma_3", "beta_3")
# Every parameter, in the order the checksum reads them ("group/name").
PARAMETER_NAMES = ("embedding", *(f"encoder/{k}" for k in ENCODER_KEYS),
                   *(f"decoder/{k}" for k in DECODER_KEYS), "W_out")


class ModelFileError(Exception):
    """The weights file is missing, incomplete or was made for another vocabulary."""


@dataclass(frozen=True)
class TrainedModel:
    """The trained model and what running it needs: ``greedy_decode(src, params, num_heads, ...)``.
    """

    params: dict  # embedding, encoder, decoder, W_out (float32)
    num_heads: int
    vocabulary: tuple[str, ...]
    sha256: str
    training_seconds: float

    @property
    def d_model(self) -> int:
        return int(self.params["embedding"].shape[1])

    @property
    def parameter_count(self) -> int:
        return sum(int(v.size) for _, v in flat_parameters(self.params))


def flat_parameters(params: dict):
    """``(name, array)`` for every parameter of a model dict, in :data:`PARAMETER_NAMES` order."""
    for key in PARAMETER_NAMES:
        group, _, name = key.rpartition("/")
        yield key, params[group][name] if group else params[name]


def weights_checksum(flat: dict[str, np.ndarray]) -> str:
    """SHA-256 of the float32 bytes of every parameter (``"group/name" -> array``), in order."""
    digest = hashlib.sha256()
    for key in PARAMETER_NAMES:
        value = np.ascontiguousarray(flat[key], dtype=np.float32)
        digest.update(key.encode() + str(value.shape).encode() + value.tobytes())
    return digest.hexdigest()


def load_model(path: Path | str = MODEL_FILE) -> TrainedModel:
    """Read the weights (a fresh copy every call: callers may change it).

    Raises:
        ModelFileError: if the file is missing or does not fit this course's vocabulary.
    """
    return _copy(_load(str(path)))


@cache
def _load(path: str) -> TrainedModel:
    """The model in ``path``, read through the per-user cache (:mod:`autograder.compiled`):
    a pickle loads in about a tenth of the time ``np.load`` takes to parse the header of
    each of the file's 36 arrays."""
    from autograder.compiled import remembered

    sources = [Path(path), Path(__file__), Path(language.__file__), language.WORDS_FILE]
    return remembered("number-words-model", sources, lambda: _read(path))


def _read(path: str) -> TrainedModel:
    try:
        stored = np.load(path)
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the model: {exc}") from None
    with stored:
        missing = [k for k in PARAMETER_NAMES if k not in stored.files]
        if missing:
            raise ModelFileError(f"{path}: parameters missing: {missing}")
        vocabulary = tuple(str(t) for t in stored["vocabulary"])
        if vocabulary != language.vocabulary():
            raise ModelFileError(f"{path}: trained with another vocabulary; retrain the model")
        flat = {k: stored[k] for k in PARAMETER_NAMES}
        params: dict = {"encoder": {}, "decoder": {}}
        for key, value in flat.items():
            group, _, name = key.rpartition("/")
            (params[group] if group else params)[name] = value
        return TrainedModel(params=params, num_heads=int(stored["num_heads"]),
                            vocabulary=vocabulary, sha256=str(stored["sha256"]),
                            training_seconds=float(stored["training_seconds"]))


def _copy(model: TrainedModel) -> TrainedModel:
    params = {key: ({k: v.copy() for k, v in value.items()} if isinstance(value, dict)
                    else value.copy())
              for key, value in model.params.items()}
    return TrainedModel(params, model.num_heads, model.vocabulary, model.sha256,
                        model.training_seconds)
