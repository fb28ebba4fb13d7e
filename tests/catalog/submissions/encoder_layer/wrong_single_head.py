# expect: mistake.encoder_layer.num_heads_ignored
import numpy as np


def attention(x, p, num_heads, mask=None):
    B, T, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads

    def heads(z):
        return z.reshape(B, T, num_heads, d_head).transpose(0, 2, 1, 3)

    q, k, v = x @ p["W_q"], x @ p["W_k"], x @ p["W_v"]  # heads "happen inside W"
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_model)
    if mask is not None and np.ndim(mask) == 4:
        scores = np.where(mask[:, 0], scores, -np.inf)
    elif mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return softmax(scores) @ v @ p["W_o"]


def encoder_layer(x, params, num_heads, mask=None):
    p = params
    x = np.asarray(x, dtype=float)
    a = layer_norm(x + attention(x, p, num_heads, mask), p["gamma_1"], p["beta_1"])
    hidden = np.maximum(0, a @ p["W_1"] + p["b_1"])
    return layer_norm(a + hidden @ p["W_2"] + p["b_2"], p["gamma_2"], p["beta_2"])
