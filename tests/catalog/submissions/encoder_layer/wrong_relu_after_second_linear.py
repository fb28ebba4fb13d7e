# expect: mistake.encoder_layer.relu_after_second_linear
import numpy as np


def attention(x, p, num_heads, mask=None):
    B, T, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads

    def heads(z):
        return z.reshape(B, T, num_heads, d_head).transpose(0, 2, 1, 3)

    q, k, v = heads(x @ p["W_q"]), heads(x @ p["W_k"]), heads(x @ p["W_v"])
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d_head)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    out = softmax(scores) @ v
    return out.transpose(0, 2, 1, 3).reshape(B, T, d_model) @ p["W_o"]


def encoder_layer(x, params, num_heads, mask=None):
    p = params
    x = np.asarray(x, dtype=float)
    a = layer_norm(x + attention(x, p, num_heads, mask), p["gamma_1"], p["beta_1"])
    ffn = np.maximum(0, (a @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"])
    return layer_norm(a + ffn, p["gamma_2"], p["beta_2"])
