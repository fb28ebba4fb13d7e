"""A complete submission, written the way a student might: einsum, loops, own helpers."""

import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError("q/k feature sizes or k/v lengths do not match")
    scores = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    weights = softmax(scores, axis=-1)
    return np.einsum("...qk,...kd->...qd", weights, v), weights


def causal_mask(seq_len):
    if seq_len < 1:
        raise ValueError("seq_len must be positive")
    i = np.arange(seq_len)
    return i[:, None] >= i[None, :]


def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths)
    if max_len < 1 or lengths.min() < 1 or lengths.max() > max_len:
        raise ValueError("lengths must be in 1..max_len")
    return np.array([[t < n for t in range(max_len)] for n in lengths], dtype=bool)


def split_heads(x, num_heads):
    B, T, d = np.shape(x)
    if d % num_heads:
        raise ValueError("d_model must be divisible by num_heads")
    return np.asarray(x, dtype=float).reshape(B, T, num_heads, d // num_heads).swapaxes(1, 2)


def merge_heads(x):
    B, H, T, d = np.shape(x)
    return np.asarray(x, dtype=float).swapaxes(1, 2).reshape(B, T, H * d)


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q = split_heads(np.asarray(x_q, dtype=float) @ W_q, num_heads)
    k = split_heads(np.asarray(x_kv, dtype=float) @ W_k, num_heads)
    v = split_heads(np.asarray(x_kv, dtype=float) @ W_v, num_heads)
    heads, weights = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(heads) @ W_o, weights


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    if seq_len < 1 or d_model < 1:
        raise ValueError("sizes must be positive")
    pe = np.zeros((seq_len, d_model))
    for p in range(seq_len):
        for i in range(0, d_model, 2):
            angle = p / base ** (i / d_model)
            pe[p, i] = np.sin(angle)
            if i + 1 < d_model:
                pe[p, i + 1] = np.cos(angle)
    return pe


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def encoder_layer(x, params, num_heads, mask=None):
    p = params
    attn, _ = multi_head_attention(x, x, p["W_q"], p["W_k"], p["W_v"], p["W_o"], num_heads, mask)
    a = layer_norm(x + attn, p["gamma_1"], p["beta_1"])
    ffn = np.maximum(a @ p["W_1"] + p["b_1"], 0) @ p["W_2"] + p["b_2"]
    return layer_norm(a + ffn, p["gamma_2"], p["beta_2"])


def rnn_encoder(x, W_xh, W_hh, b_h, h0=None):
    x = np.asarray(x, dtype=float)
    if x.shape[-1] != np.shape(W_xh)[0]:
        raise ValueError("x and W_xh do not match")
    h = np.zeros(x.shape[:-2] + (np.shape(W_hh)[0],)) if h0 is None else np.asarray(h0, float)
    states = []
    for t in range(x.shape[-2]):
        h = np.tanh(x[..., t, :] @ W_xh + h @ W_hh + b_h)
        states.append(h)
    states = np.stack(states, axis=-2)
    return states, states[..., -1, :]


def additive_attention(s, H, W_s, W_h, v):
    energies = np.tanh(np.asarray(s, float) @ W_s + np.asarray(H, float) @ W_h) @ v
    weights = softmax(energies)
    return weights @ np.asarray(H, float), weights


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    p = params
    T = np.shape(y)[1]
    allowed = np.arange(T)[None, :] <= np.arange(T)[:, None]
    if self_mask is not None:
        allowed = allowed & self_mask
    attn, _ = multi_head_attention(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"], num_heads,
                                   allowed)
    a = layer_norm(y + attn, p["gamma_1"], p["beta_1"])
    cross, _ = multi_head_attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"],
                                    num_heads, memory_mask)
    b = layer_norm(a + cross, p["gamma_2"], p["beta_2"])
    ffn = np.maximum(b @ p["W_1"] + p["b_1"], 0) @ p["W_2"] + p["b_2"]
    return layer_norm(b + ffn, p["gamma_3"], p["beta_3"])


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    E = model["embedding"]
    d = E.shape[1]

    def inputs(ids):
        return (E[list(ids)] * np.sqrt(d) + sinusoidal_positional_encoding(len(ids), d))[None]

    memory = encoder_layer(inputs(src), model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        h = decoder_layer(inputs(out), memory, model["decoder"], num_heads)
        out.append(int(np.argmax(h[0, -1] @ model["W_out"])))
        if out[-1] == eos_id:
            break
    return np.array(out[1:])
