"""Hidden tests for ``greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2)``.

The model is always an argument: the trained number-words model (loaded here, in
the grader's process, from the course package) or a small random one. Value
checks partition the behaviour: the real task (Turkish number words to digits),
stopping right after ``eos_id`` (with other ``bos_id``/``eos_id`` too), stopping
at ``max_len``, arguments that must stay unchanged or are read-only.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from autograder.feedback import Feedback
from autograder.hidden.inputs import decoding_model, remembered_input, rng
from autograder.hidden.reference import ref
from autograder.number_words import encode_words, load_model, to_words
from autograder.recognisers.decoding import generated_ids, name_ids_mistake

pytestmark = pytest.mark.grades("greedy_decode")

FN = "greedy_decode"
VOCAB = 12  # of the random models
NUMBERS = [342, 7, 1020, 2024, 100, 9071, 58, 3406]  # held-out and training numbers
NEVER = -1  # an eos_id no model generates: decoding runs to max_len


@cache
def trained():
    return load_model()


def number_source(n: int) -> np.ndarray:
    return encode_words(to_words(n))


@remembered_input
def random_case(seed: int, d_model: int) -> tuple[np.ndarray, dict]:
    """``(src, model)``: a random model of ``d_model`` features and a source of 3..6 tokens."""
    src = rng(seed).integers(3, VOCAB, 3 + seed % 4)
    return src, decoding_model(seed, VOCAB, d_model, 2 * d_model - 3)


def decode_variant(src, model, num_heads, max_len, bos_id=1, eos_id=2, *, position=-1,
                   scale=True, positions=True, eos="stop", length=0, keep_bos=False,
                   encoder_causal=False, prefix="all", output="W_out") -> np.ndarray:
    """``greedy_decode`` with one part changed (the defaults give the right answer)."""
    embedding = np.asarray(model["embedding"], dtype=np.float64)
    d_model = embedding.shape[1]

    def embed(ids):
        x = embedding[np.asarray(ids)] * (d_model**0.5 if scale else 1.0)
        return x + ref.sinusoidal_positional_encoding(len(ids), d_model) if positions else x

    x = embed(src)[None]
    mask = ref.causal_mask(len(src)) if encoder_causal else None
    memory = ref.encoder_layer(x, model["encoder"], num_heads, mask)
    out_weights = model["W_out"] if output == "W_out" else embedding.T
    tokens = [bos_id]
    while len(tokens) - 1 < max_len + length:
        shown = tokens if prefix == "all" else tokens[-1:]
        h = ref.decoder_layer(embed(shown)[None], memory, model["decoder"], num_heads)
        tokens.append(int(np.argmax(h[0, position] @ out_weights)))
        if tokens[-1] == eos_id and eos != "ignore":
            break
    if eos == "drop" and tokens[-1] == eos_id:
        tokens = tokens[:-1]
    return np.array(tokens if keep_bos else tokens[1:])


def mistakes(src, model, num_heads, max_len, bos_id=1, eos_id=2) -> dict:
    """What the common mistakes that need the model would return for these arguments."""

    def v(**change):
        return lambda: decode_variant(src, model, num_heads, max_len, bos_id, eos_id, **change)

    found = {}
    if (bos_id, eos_id) != (1, 2):
        found[f"mistake.{FN}.default_ids_used"] = (
            lambda: decode_variant(src, model, num_heads, max_len))
    return found | {
        f"mistake.{FN}.first_position_logits": v(position=0),
        f"mistake.{FN}.embedding_not_scaled": v(scale=False),
        f"mistake.{FN}.no_positional_encoding": v(positions=False),
        f"mistake.{FN}.encoder_causal_mask": v(encoder_causal=True),
        f"mistake.{FN}.decoder_sees_only_last_token": v(prefix="last"),
        f"mistake.{FN}.embedding_as_output_layer": v(output="embedding"),
    }


def check_ids(value, src, model, num_heads, max_len, bos_id=1, eos_id=2, *,
              show: str = "ids") -> None:
    """The generated ids must be the reference's; name the mistake when they are not."""
    expected = ref.greedy_decode(src, model, num_heads, max_len, bos_id, eos_id)
    got = generated_ids(value)
    if got.shape == expected.shape and np.array_equal(got, expected):
        return
    name_ids_mistake(got, expected, bos_id, eos_id, max_len)
    for key, wrong in mistakes(src, model, num_heads, max_len, bos_id, eos_id).items():
        try:
            candidate = wrong()
        except Exception:
            continue
        if got.shape == candidate.shape and np.array_equal(got, candidate):
            raise Feedback(key)
    raise Feedback("check.greedy_decode.ids", source=_shown(src, show),
                   got=_shown(got, show), expected=_shown(expected, show))


def _shown(ids, show: str) -> str:
    """Ids as a list, with the trained model's tokens when ``show == "tokens"``."""
    ids = np.asarray(ids).reshape(-1)[:12]
    listed = "[" + ", ".join(f"{float(i):g}" for i in ids) + "]"
    if show != "tokens" or not np.all((ids >= 0) & (ids < len(trained().vocabulary))
                                      & (ids == np.round(ids))):
        return listed
    return f"{listed} ({' '.join(trained().vocabulary[int(i)] for i in ids)})"


@pytest.mark.parametrize("number", NUMBERS)
def test_translates_number_words_into_digits(student, number):
    model = trained()
    src = number_source(number)
    got = student.greedy_decode(src, model.params, model.num_heads, 6)
    check_ids(got, src, model.params, model.num_heads, 6, show="tokens")


EOS_CASES = [  # seed, d_model, num_heads, bos_id, eos_id, max_len
    (2, 8, 2, 1, 2, 8),  # the default ids
    (17, 8, 2, 0, 4, 8),
    (31, 12, 4, 7, 5, 8),
    (37, 12, 4, 1, 3, 7),
]


@pytest.mark.parametrize(("seed", "d_model", "num_heads", "bos_id", "eos_id", "max_len"),
                         EOS_CASES)
def test_stops_right_after_eos(student, seed, d_model, num_heads, bos_id, eos_id, max_len):
    src, model = random_case(seed, d_model)
    got = student.greedy_decode(src, model, num_heads, max_len, bos_id=bos_id, eos_id=eos_id)
    check_ids(got, src, model, num_heads, max_len, bos_id, eos_id)


MAX_LEN_CASES = [  # seed, d_model, num_heads, bos_id, eos_id, max_len
    (9, 8, 2, 1, 2, 5),
    (11, 8, 2, 0, 5, 1),
    (11, 8, 2, 0, 5, 7),
    (29, 12, 4, 1, 2, 3),
]


@pytest.mark.parametrize(("seed", "d_model", "num_heads", "bos_id", "eos_id", "max_len"),
                         MAX_LEN_CASES)
def test_stops_after_max_len_tokens(student, seed, d_model, num_heads, bos_id, eos_id, max_len):
    src, model = random_case(seed, d_model)
    got = student.greedy_decode(src, model, num_heads, max_len, bos_id, eos_id)
    check_ids(got, src, model, num_heads, max_len, bos_id, eos_id)


def test_source_and_model_are_not_modified(student):
    src, model = random_case(17, 8)
    copy = {k: ({n: a.copy() for n, a in v.items()} if isinstance(v, dict) else v.copy())
            for k, v in model.items()}
    returned = student.call(FN, (src.copy(), copy, 2, 8), {"bos_id": 0, "eos_id": 4},
                            return_inputs=True)
    after_src, after_model = returned.args[0], returned.args[1]
    if not (isinstance(after_src, np.ndarray) and np.array_equal(after_src, src)):
        raise Feedback("check.modified_input", what="src")
    for key, value in model.items():
        inner = value if isinstance(value, dict) else {"": value}
        after = after_model.get(key) if isinstance(after_model, dict) else None
        after = after if isinstance(after, dict) else {"": after}
        for name, before in inner.items():
            now = after.get(name)
            if not (isinstance(now, np.ndarray) and now.shape == before.shape
                    and np.array_equal(now, before)):
                raise Feedback("check.modified_input",
                               what=f"model['{key}']" + (f"['{name}']" if name else ""))
    check_ids(returned.value, src, model, 2, 8, 0, 4)


def test_read_only_inputs(student):
    model = trained()
    src = number_source(4321)
    got = student.call(FN, (src, model.params, model.num_heads, 6), {}, readonly=True)
    check_ids(got, src, model.params, model.num_heads, 6, show="tokens")


@pytest.mark.requires("test_translates_number_words_into_digits")
def test_ties_go_to_the_first_index(student):
    # The decoder's last layer norm has gamma_3 = 0, so its output is beta_3 at every
    # position, and the logits beta_3 @ W_out are small integers, exactly equal for
    # tokens 4 and 9 (the largest): argmax must take 4, every step.
    src, model = random_case(23, 8)
    beta = np.array([1.0, -1.0, 0.0, 2.0, 0.0, 1.0, -2.0, 1.0])
    W_out = np.zeros((8, VOCAB))
    W_out[:, 4] = W_out[:, 9] = [1.0, -1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0]  # logit 5
    W_out[:, 7] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]  # logit 3
    model["decoder"] |= {"gamma_3": np.zeros(8), "beta_3": beta}
    model["W_out"] = W_out
    got = student.greedy_decode(src, model, 2, 4, bos_id=1, eos_id=2)
    ids = generated_ids(got)
    if ids.shape == (4,) and np.all(ids == 9):
        raise Feedback(f"mistake.{FN}.ties_last_index")
    check_ids(got, src, model, 2, 4, 1, 2)


@pytest.mark.requires("test_translates_number_words_into_digits")
def test_returns_an_integer_array(student):
    model = trained()
    got = student.greedy_decode(number_source(56), model.params, model.num_heads, 6)
    if not isinstance(got, np.ndarray):
        raise Feedback("check.not_an_array", what="ids", got=type(got).__name__)
    if not np.issubdtype(got.dtype, np.integer):
        raise Feedback(f"mistake.{FN}.ids_not_integer", dtype=str(got.dtype))


@pytest.mark.diagnosis
@pytest.mark.parametrize("max_len", [2, 4])
def test_never_more_than_max_len_ids(student, max_len):
    src, model = random_case(9, 8)
    ids = generated_ids(student.greedy_decode(src, model, 2, max_len, 1, NEVER))
    if ids.ndim != 1 or len(ids) > max_len:
        raise Feedback(f"mistake.{FN}.longer_than_max_len")
