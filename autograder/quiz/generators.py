"""Parametrised items: draw parameters, compute the answer with the reference solutions.

Each generator takes a NumPy random generator and the item's ``params`` (lists
of values to draw from, written in the YAML bank) and returns the values its
texts show, the correct answer, and the wrong answers that known mistakes
give (``mistakes``, keyed by the names the bank's distractors use). The
answer always comes from ``solutions`` (the graded reference functions), so a
number in a quiz is never typed by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from autograder.number_words import encode_digits, to_words
from solutions import (
    additive_attention,
    causal_mask,
    decoder_layer,
    multi_head_attention,
    padding_mask,
    rnn_encoder,
    scaled_dot_product_attention,
    sinusoidal_positional_encoding,
    softmax,
    split_heads,
)
from solutions.search import beam_search, greedy_search


@dataclass(frozen=True)
class Generated:
    """One drawn variant: template values, the answer and each mistake's value."""

    values: dict[str, object]
    answer: float
    mistakes: dict[str, float] = field(default_factory=dict)


Generator = Callable[[np.random.Generator, dict[str, list]], Generated]
GENERATORS: dict[str, Generator] = {}


def generator(fn: Generator) -> Generator:
    GENERATORS[fn.__name__] = fn
    return fn


def pick(rng: np.random.Generator, params: dict[str, list], name: str):
    """One value of ``params[name]`` as a plain Python number or string."""
    value = params[name][int(rng.integers(len(params[name])))]
    return value.item() if hasattr(value, "item") else value


def fmt_vector(v) -> str:
    """``[1, -2, 0.5]`` with no trailing zeros."""
    return "[" + ", ".join(f"{float(x):g}" for x in np.ravel(v)) + "]"


def distinct_ints(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    return rng.choice(np.arange(low, high + 1), size=n, replace=False)


# --------------------------------------------------------------------- scaled dot product


@generator
def scale_factor(rng, params) -> Generated:
    """sqrt(d_k) with d_k = d_model / h, the per-head key size."""
    combos = [(d, h) for d in params["d_model"] for h in params["heads"] if d % h == 0]
    d_model, heads = combos[int(rng.integers(len(combos)))]
    x = np.zeros((1, 1, d_model))
    d_k = split_heads(x, heads).shape[-1]  # (1, h, 1, d_k)
    return Generated(
        values={"d_model": d_model, "heads": heads, "d_k": d_k},
        answer=float(np.sqrt(d_k)),
        mistakes={
            "used_d_model": float(np.sqrt(d_model)),
            "forgot_sqrt": float(d_k),
            "divided_by_heads": float(d_k / heads),
        },
    )


@generator
def scaled_score(rng, params) -> Generated:
    """One entry of q k^T / sqrt(d_k) for small integer vectors."""
    d_k = pick(rng, params, "d_k")
    while True:
        q = rng.integers(-2, 3, size=d_k)
        k = rng.integers(-2, 3, size=d_k)
        if q @ k != 0:
            break
    return Generated(
        values={"d_k": d_k, "q": fmt_vector(q), "k": fmt_vector(k), "dot": int(q @ k)},
        answer=float(q @ k / np.sqrt(d_k)),
        mistakes={"not_scaled": float(q @ k), "divided_by_d_k": float(q @ k / d_k)},
    )


@generator
def attention_weight_two_keys(rng, params) -> Generated:
    """Weight on the first of two keys, from scaled_dot_product_attention."""
    d_k = pick(rng, params, "d_k")
    while True:
        q = rng.integers(-2, 3, size=(1, d_k))
        keys = rng.integers(-2, 3, size=(2, d_k))
        if (q @ keys.T)[0, 0] != (q @ keys.T)[0, 1]:
            break
    v = np.eye(2)
    _, weights = scaled_dot_product_attention(q, keys, v)  # (1, 2)
    raw = softmax((q @ keys.T)[0])
    by_d_k = softmax((q @ keys.T)[0] / d_k)
    return Generated(
        values={
            "d_k": d_k,
            "q": fmt_vector(q),
            "k1": fmt_vector(keys[0]),
            "k2": fmt_vector(keys[1]),
            "s1": int((q @ keys.T)[0, 0]),
            "s2": int((q @ keys.T)[0, 1]),
        },
        answer=float(weights[0, 0]),
        mistakes={"not_scaled": float(raw[0]), "divided_by_d_k": float(by_d_k[0])},
    )


@generator
def dot_product_spread(rng, params) -> Generated:
    """Standard deviation of q.k for independent N(0, 1) components: sqrt(d_k)."""
    d_k = pick(rng, params, "d_k")
    return Generated(
        values={"d_k": d_k},
        answer=float(np.sqrt(d_k)),
        mistakes={"gave_variance": float(d_k), "gave_scaled_spread": 1.0},
    )


# --------------------------------------------------------------------- softmax


@generator
def softmax_with_temperature(rng, params) -> Generated:
    """Weight of one score in softmax(x / T)."""
    n = pick(rng, params, "n")
    temperature = pick(rng, params, "temperature")
    scores = distinct_ints(rng, 0, 5, n).astype(float)
    j = int(np.argmax(scores))
    return Generated(
        values={"scores": fmt_vector(scores), "T": temperature, "position": j + 1},
        answer=float(softmax(scores, temperature=temperature)[j]),
        mistakes={
            "forgot_temperature": float(softmax(scores)[j]),
            "multiplied_by_temperature": float(softmax(scores * temperature)[j]),
            "linear_share": float(scores[j] / scores.sum()),
        },
    )


@generator
def attention_share(rng, params) -> Generated:
    """Softmax weight of one word given similarity scores (the 'Ali bankadan' example)."""
    words = params["words"]
    target = pick(rng, params, "target")
    base = np.array(params["base_scores"], dtype=float)
    scores = np.round(base + rng.uniform(-0.15, 0.15, size=base.shape), 2)
    j = words.index(target)
    return Generated(
        values={
            "pairs": ", ".join(f"{w}: {s:.2f}" for w, s in zip(words, scores, strict=True)),
            "target": target,
        },
        answer=float(softmax(scores)[j]),
        mistakes={
            "linear_share": float(scores[j] / scores.sum()),
            "uniform": 1.0 / len(words),
            "raw_score": float(scores[j]),
        },
    )


@generator
def query_key_score(rng, params) -> Generated:
    """Dot product of a query with one key (the search analogy, unscaled)."""
    d = pick(rng, params, "d")
    while True:
        q = rng.integers(0, 4, size=d)
        k = rng.integers(0, 4, size=d)
        if q @ k > 1 and q.sum() != k.sum():
            break
    return Generated(
        values={"q": fmt_vector(q), "k": fmt_vector(k)},
        answer=float(q @ k),
        mistakes={
            "summed_vectors": float((q + k).sum()),
            "elementwise_max": float(np.maximum(q, k).sum()),
        },
    )


# --------------------------------------------------------------------- masking


@generator
def causal_allowed_count(rng, params) -> Generated:
    """Number of True entries in causal_mask(n)."""
    n = pick(rng, params, "n")
    mask = causal_mask(n)
    return Generated(
        values={"n": n},
        answer=float(mask.sum()),
        mistakes={"full_matrix": float(n * n), "strictly_lower": float(n * (n - 1) // 2)},
    )


@generator
def causal_visible_keys(rng, params) -> Generated:
    """How many keys the query at (1-based) position p may attend to."""
    n = pick(rng, params, "n")
    p = int(rng.integers(2, n))  # 1-based, 2..n-1
    mask = causal_mask(n)
    return Generated(
        values={"n": n, "p": p},
        answer=float(mask[p - 1].sum()),
        mistakes={
            "excluded_itself": float(p - 1),
            "looked_ahead": float(n - p + 1),
            "no_mask": float(n),
        },
    )


@generator
def causal_equal_weight(rng, params) -> Generated:
    """With all scores equal, the weight each visible key gets in row p."""
    n = pick(rng, params, "n")
    p = int(rng.integers(2, n))
    q = np.zeros((n, 2))
    _, weights = scaled_dot_product_attention(q, q, q, causal_mask(n))  # (n, n)
    return Generated(
        values={"n": n, "p": p},
        answer=float(weights[p - 1, 0]),
        mistakes={"no_mask": 1.0 / n, "excluded_itself": 1.0 / (p - 1)},
    )


# --------------------------------------------------------------------- multi-head


@generator
def head_first_feature(rng, params) -> Generated:
    """Index of the first model feature that head h (0-based) receives from split_heads."""
    d_model = pick(rng, params, "d_model")
    heads = pick(rng, params, "heads")
    h = int(rng.integers(1, heads))
    x = np.arange(d_model, dtype=float).reshape(1, 1, d_model)
    d_head = d_model // heads
    first = split_heads(x, heads)[0, h, 0, 0]  # (B, H, T, d_head) -> feature index
    return Generated(
        values={"d_model": d_model, "heads": heads, "h": h, "d_head": d_head},
        answer=float(first),
        mistakes={"counted_heads_from_one": float((h + 1) * d_head), "strided_by_heads": float(h)},
    )


@generator
def head_last_feature(rng, params) -> Generated:
    """Index of the last model feature (inclusive) that head h receives."""
    d_model = pick(rng, params, "d_model")
    heads = pick(rng, params, "heads")
    h = int(rng.integers(1, heads))
    x = np.arange(d_model, dtype=float).reshape(1, 1, d_model)
    d_head = d_model // heads
    last = split_heads(x, heads)[0, h, 0, -1]
    return Generated(
        values={"d_model": d_model, "heads": heads, "h": h, "d_head": d_head},
        answer=float(last),
        mistakes={
            "exclusive_end": float((h + 1) * d_head),
            "counted_heads_from_one": float((h + 2) * d_head - 1),
        },
    )


@generator
def mha_parameter_count(rng, params) -> Generated:
    """Weights in W_q, W_k, W_v, W_o (no biases): 4 d_model^2, whatever the number of heads."""
    d_model = pick(rng, params, "d_model")
    heads = pick(rng, params, "heads")
    shapes = [(d_model, d_model)] * 4  # W_q, W_k, W_v, W_o as multi_head_attention takes them
    count = sum(a * b for a, b in shapes)
    return Generated(
        values={"d_model": d_model, "heads": heads},
        answer=float(count),
        mistakes={
            "times_heads": float(count * heads),
            "forgot_output": float(3 * d_model * d_model),
        },
    )


@generator
def attention_map_entries(rng, params) -> Generated:
    """Entries of the weights multi_head_attention returns: B * H * T * T."""
    batch, heads, length = (pick(rng, params, k) for k in ("batch", "heads", "length"))
    d_model = heads * 2
    x = np.zeros((batch, length, d_model))
    w = np.eye(d_model)
    _, weights = multi_head_attention(x, x, w, w, w, w, heads)  # (B, H, T, T)
    return Generated(
        values={"batch": batch, "heads": heads, "length": length},
        answer=float(weights.size),
        mistakes={
            "averaged_heads": float(batch * length * length),
            "linear_in_length": float(batch * heads * length),
        },
    )


# --------------------------------------------------------------------- cross-attention


@generator
def cross_attention_entries(rng, params) -> Generated:
    """Entries of one head's cross-attention weights: T_dec * T_enc."""
    t_enc = pick(rng, params, "t_enc")
    t_dec = pick(rng, params, "t_dec")
    d_model = 4
    enc = np.zeros((1, t_enc, d_model))
    dec = np.zeros((1, t_dec, d_model))
    w = np.eye(d_model)
    _, weights = multi_head_attention(dec, enc, w, w, w, w, 1)  # (1, 1, T_dec, T_enc)
    return Generated(
        values={"t_enc": t_enc, "t_dec": t_dec},
        answer=float(weights[0, 0].size),
        mistakes={"encoder_squared": float(t_enc * t_enc), "decoder_squared": float(t_dec * t_dec)},
    )


@generator
def cross_attention_weight(rng, params) -> Generated:
    """Weight a decoder query puts on one encoder position (scaled dot product, d_k = 4)."""
    t_enc = pick(rng, params, "t_enc")
    while True:
        q = rng.integers(-1, 2, size=(1, 4))
        enc = rng.integers(-1, 2, size=(t_enc, 4))
        s = (q @ enc.T)[0]
        if len(set(s.tolist())) == t_enc:
            break
    j = int(np.argmax(s))
    _, weights = scaled_dot_product_attention(q, enc, enc)  # (1, T_enc)
    return Generated(
        values={
            "q": fmt_vector(q),
            "keys": "; ".join(fmt_vector(r) for r in enc),
            "t_enc": t_enc,
            "position": j + 1,
            "scores": fmt_vector(s),
        },
        answer=float(weights[0, j]),
        mistakes={"not_scaled": float(softmax(s)[j]), "uniform": 1.0 / t_enc},
    )


# --------------------------------------------------------------------- positional encoding


@generator
def positional_encoding_value(rng, params) -> Generated:
    """PE[p, c] of the interleaved sinusoidal encoding."""
    d_model = pick(rng, params, "d_model")
    p = pick(rng, params, "position")
    c = int(rng.integers(0, d_model))
    pe = sinusoidal_positional_encoding(p + 1, d_model)  # (p+1, d_model)
    pair = c - c % 2  # the 2i of the column's sin/cos pair
    omega = 1 / 10000 ** (pair / d_model)
    trig, other = (np.sin, np.cos) if c % 2 == 0 else (np.cos, np.sin)
    return Generated(
        values={"d_model": d_model, "p": p, "c": c},
        answer=float(pe[p, c]),
        mistakes={
            "swapped_sin_cos": float(other(p * omega)),
            "counted_positions_from_one": float(trig((p + 1) * omega)),
            "degrees": float(trig(np.deg2rad(p * omega))),
        },
    )


@generator
def positional_encoding_wavelength(rng, params) -> Generated:
    """Wavelength (in positions) of the sin/cos pair that starts at even column c."""
    d_model = pick(rng, params, "d_model")
    c = 2 * int(rng.integers(1, d_model // 2))
    pe = sinusoidal_positional_encoding(2, d_model)
    omega = np.arcsin(pe[1, c])  # angle at position 1 is the angular frequency (< pi/2)
    return Generated(
        values={"d_model": d_model, "c": c},
        answer=float(2 * np.pi / omega),
        mistakes={
            "forgot_two_pi": float(1 / omega),
            "halved_exponent": float(2 * np.pi * 10000 ** (c / 2 / d_model)),
        },
    )


# --------------------------------------------------------------------- Transformer vs RNN


@generator
def attention_memory_ratio(rng, params) -> Generated:
    """How much the attention weights grow when the sequence grows k-fold: k^2."""
    k = pick(rng, params, "k")
    t = pick(rng, params, "length")
    small = causal_mask(t).size
    large = causal_mask(t * k).size
    return Generated(
        values={"k": k, "length": t, "long": t * k},
        answer=float(large / small),
        mistakes={"linear": float(k), "cubic": float(k**3)},
    )


@generator
def rnn_sequential_steps(rng, params) -> Generated:
    """Dependent steps of one RNN layer over T tokens: T (each h_t needs h_{t-1})."""
    t = pick(rng, params, "length")
    x = np.zeros((t, 1))
    states, _ = rnn_encoder(x, np.ones((1, 1)), np.ones((1, 1)), np.zeros(1))  # (T, 1)
    return Generated(
        values={"length": t},
        answer=float(states.shape[0]),
        mistakes={"parallel": 1.0, "quadratic": float(t * t)},
    )


# --------------------------------------------------------------------- module 01


@generator
def context_vector_size(rng, params) -> Generated:
    """Numbers in the context vector rnn_encoder returns: d_h, whatever the length T."""
    t = pick(rng, params, "length")
    d_in = 3
    d_h = pick(rng, params, "d_h")
    x = rng.normal(size=(t, d_in))
    _, context = rnn_encoder(
        x, rng.normal(size=(d_in, d_h)), rng.normal(size=(d_h, d_h)), np.zeros(d_h)
    )
    return Generated(
        values={"length": t, "d_h": d_h},
        answer=float(context.size),
        mistakes={"grows_with_length": float(t * d_h), "one_per_token": float(t)},
    )


@generator
def rnn_first_state(rng, params) -> Generated:
    """h_1 = tanh(x_1 w_x + h_0 w_h + b) for a one-unit RNN, with h_0 = 0."""
    w_x = pick(rng, params, "w_x")
    w_h = pick(rng, params, "w_h")
    b = pick(rng, params, "b")
    x1 = pick(rng, params, "x1")
    states, _ = rnn_encoder(np.array([[x1]]), np.array([[w_x]]), np.array([[w_h]]), np.array([b]))
    return Generated(
        values={"w_x": w_x, "w_h": w_h, "b": b, "x1": x1},
        answer=float(states[0, 0]),
        mistakes={"forgot_tanh": float(x1 * w_x + b), "forgot_bias": float(np.tanh(x1 * w_x))},
    )


@generator
def bahdanau_weight(rng, params) -> Generated:
    """Additive-attention weight on one encoder state, from additive_attention."""
    t = pick(rng, params, "length")
    while True:
        h = rng.integers(-2, 3, size=(t, 1)).astype(float)
        if len(set(h[:, 0].tolist())) == t:
            break
    # d_a = 1, W_s = 0, W_h = 1, v = 2: energies e_j = 2 tanh(h_j)
    s = np.zeros(1)
    _, weights = additive_attention(s, h, np.zeros((1, 1)), np.ones((1, 1)), np.array([2.0]))
    j = int(np.argmax(h[:, 0]))
    energies = 2 * np.tanh(h[:, 0])
    return Generated(
        values={
            "length": t,
            "states": fmt_vector(h[:, 0]),
            "energies": fmt_vector(np.round(energies, 3)),
            "position": j + 1,
        },
        answer=float(weights[j]),
        mistakes={"uniform": 1.0 / t, "last_state_only": 1.0 if j == t - 1 else 0.0},
    )


# --------------------------------------------------------------------- module 03: decoding


@generator
def teacher_forced_predictions(rng, params) -> Generated:
    """Next-token predictions in one teacher-forced pass: one per target token (<eos> too)."""
    number = pick(rng, params, "number")
    target = encode_digits(number)  # the digits, then <eos>
    d_model = 4
    shifted = np.zeros((1, len(target), d_model))  # <bos> + target[:-1]: as long as the target
    params_ = _zero_decoder(d_model)
    h = decoder_layer(shifted, np.zeros((1, 3, d_model)), params_, 1)  # (1, T_y, d_model)
    digits = len(str(number))
    return Generated(
        values={"number": number, "words": to_words(number), "digits": digits},
        answer=float(h.shape[1]),
        mistakes={"without_eos": float(digits), "with_bos": float(digits + 2)},
    )


def _zero_decoder(d_model: int) -> dict:
    p: dict[str, np.ndarray] = {f"W_{n}{i}": np.zeros((d_model, d_model))
                                for i in (1, 2) for n in "qkvo"}
    p |= {"W_1": np.zeros((d_model, 1)), "b_1": np.zeros(1), "W_2": np.zeros((1, d_model)),
          "b_2": np.zeros(d_model)}
    return p | {f"{k}_{i}": np.full(d_model, float(k == "gamma")) for i in (1, 2, 3)
                for k in ("gamma", "beta")}


@generator
def sequence_all_right(rng, params) -> Generated:
    """P(all n tokens right), in %, when each is right with probability p after a right prefix."""
    percent = pick(rng, params, "percent")
    n = pick(rng, params, "n")
    p = percent / 100
    return Generated(
        values={"percent": percent, "n": n},
        answer=100 * float(np.prod(np.full(n, p))),
        mistakes={"one_token": float(percent), "linear": 100 * max(0.0, 1 - n * (1 - p))},
    )


def _two_step_table(rng) -> tuple[dict, dict]:
    """A first step where A beats B, and continuations that make "B y" the best sequence.

    After A the model hesitates between x, y and z; after B it is sure of y. Greedy
    takes A and ends with "A x"; beam search (width 2) keeps B too and finds "B y".
    """
    while True:
        p_a = float(rng.choice([0.45, 0.5, 0.55, 0.6]))
        p_b = float(rng.choice([0.3, 0.35, 0.4]))
        q_a = float(rng.choice([0.4, 0.5]))
        q_b = float(rng.choice([0.8, 0.85, 0.9, 0.95]))
        p_end = round(1 - p_a - p_b, 2)
        if p_a > p_b > p_end >= 0.05 and p_b * q_b > max(p_a * q_a, p_end) + 0.02:
            break
    r_a, r_b = round((1 - q_a) / 2, 2), round(1 - q_b, 2)
    table = {
        (): {"A": p_a, "B": p_b, "<eos>": p_end},
        ("A",): {"x": q_a, "y": r_a, "z": r_a},
        ("B",): {"x": r_b, "y": q_b},
    }
    for first, follows in (("A", "xyz"), ("B", "xy")):
        for follow in follows:
            table[(first, follow)] = {"<eos>": 1.0}
    percent = {"p_a": p_a, "p_b": p_b, "p_end": p_end, "q_a": q_a, "r_a": r_a, "q_b": q_b,
               "r_b": r_b}
    return table, {name: round(100 * value) for name, value in percent.items()}  # shown in %


@generator
def greedy_sequence_probability(rng, params) -> Generated:
    """Probability (in %) of the sequence greedy decoding returns on a two-step table."""
    table, values = _two_step_table(rng)
    _, greedy = greedy_search(lambda prefix: table[prefix], "<eos>", 4)
    (_, best), *_ = beam_search(lambda prefix: table[prefix], "<eos>", 4, width=2)
    return Generated(values=values, answer=100 * greedy,
                     mistakes={"beam_best": 100 * best, "first_step_only": float(values["p_a"])})


@generator
def beam_sequence_probability(rng, params) -> Generated:
    """Probability (in %) of the best sequence beam search (width 2) finds on a two-step table."""
    table, values = _two_step_table(rng)
    _, greedy = greedy_search(lambda prefix: table[prefix], "<eos>", 4)
    (_, best), *_ = beam_search(lambda prefix: table[prefix], "<eos>", 4, width=2)
    return Generated(values=values, answer=100 * best,
                     mistakes={"greedy": 100 * greedy, "first_step_only": float(values["p_b"])})


@generator
def beam_candidates_per_step(rng, params) -> Generated:
    """Candidates scored at one step of beam search: width x vocabulary size."""
    width = pick(rng, params, "width")
    vocab = pick(rng, params, "vocab")
    table = {(): {t: 1.0 / vocab for t in range(vocab)}}
    scored = 0

    def counted(prefix):  # a uniform next-token distribution that counts what it scores
        nonlocal scored
        scored += vocab
        return table[()]

    beam_search(counted, end=-1, max_len=1, width=width)  # step 1 from the empty prefix
    first = scored
    beam_search(counted, end=-1, max_len=2, width=width)  # steps 1 and 2
    return Generated(
        values={"width": width, "vocab": vocab},
        answer=float(scored - 2 * first),  # step 2 alone: every kept beam times every token
        mistakes={"vocab_only": float(vocab), "width_only": float(width),
                  "vocab_to_the_width": float(vocab**width)},
    )


@generator
def kv_cache_numbers(rng, params) -> Generated:
    """Numbers a decoder's KV cache holds: keys and values, per layer, per token, d_model each."""
    layers, d_model, heads, tokens = (pick(rng, params, k)
                                      for k in ("layers", "d_model", "heads", "tokens"))
    x = np.zeros((1, tokens, d_model))
    keys = split_heads(x, heads)  # (1, heads, tokens, d_head): one layer's cached keys
    per_layer = 2 * keys.size  # keys and values
    return Generated(
        values={"layers": layers, "d_model": d_model, "heads": heads, "tokens": tokens},
        answer=float(layers * per_layer),
        mistakes={"keys_only": float(layers * keys.size),
                  "times_heads": float(heads * layers * per_layer),
                  "weights_instead": float(layers * heads * tokens * tokens)},
    )


@generator
def kv_projections_without_cache(rng, params) -> Generated:
    """Key/value rows one layer computes to generate T tokens without a cache: 1 + ... + T."""
    tokens = pick(rng, params, "tokens")
    computed = int(causal_mask(tokens).sum())  # step t projects the t tokens of its prefix
    return Generated(
        values={"tokens": tokens},
        answer=float(computed),
        mistakes={"with_cache": float(tokens), "squared": float(tokens * tokens)},
    )


@generator
def combined_mask_count(rng, params) -> Generated:
    """True entries of causal_mask(T) AND a key padding mask of length L (one sequence)."""
    t = pick(rng, params, "t")
    length = int(rng.integers(2, t))
    mask = np.logical_and(causal_mask(t), padding_mask(np.array([length]), t)[:, None, :])
    return Generated(
        values={"t": t, "length": length},
        answer=float(mask.sum()),
        mistakes={"causal_only": float(t * (t + 1) // 2), "padding_only": float(t * length),
                  "or_instead_of_and": float(np.logical_or(
                      causal_mask(t), padding_mask(np.array([length]), t)[:, None, :]).sum())},
    )


@generator
def decoder_cross_weights(rng, params) -> Generated:
    """Numbers in the cross-attention weights of decoder_layer: B * H * T_y * T_x."""
    batch, heads, t_dec, t_enc = (pick(rng, params, k)
                                  for k in ("batch", "heads", "t_dec", "t_enc"))
    d_model = 2 * heads
    w = np.eye(d_model)
    _, weights = multi_head_attention(np.zeros((batch, t_dec, d_model)),
                                      np.zeros((batch, t_enc, d_model)), w, w, w, w, heads)
    return Generated(
        values={"batch": batch, "heads": heads, "t_dec": t_dec, "t_enc": t_enc},
        answer=float(weights.size),
        mistakes={"decoder_self": float(batch * heads * t_dec * t_dec),
                  "encoder_self": float(batch * heads * t_enc * t_enc),
                  "one_head": float(batch * t_dec * t_enc)},
    )
