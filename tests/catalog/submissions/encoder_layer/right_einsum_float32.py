import numpy as np


def _layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(x.var(-1, keepdims=True) + eps) + beta


def encoder_layer(x, params, num_heads, mask=None):
    """einsum for every product, everything in float32."""
    p = {name: np.asarray(value, dtype=np.float32) for name, value in params.items()}
    x = np.asarray(x, dtype=np.float32)
    B, T, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError("num_heads must divide d_model")
    d_head = d_model // num_heads
    q, k, v = (np.einsum("btd,de->bte", x, p[name]).reshape(B, T, num_heads, d_head)
               for name in ("W_q", "W_k", "W_v"))
    scores = np.einsum("bqhd,bkhd->bhqk", q, k) / np.float32(np.sqrt(d_head))
    if mask is not None:
        scores = np.where(mask, scores, np.float32(-np.inf))
    scores = scores - scores.max(-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(-1, keepdims=True)
    heads = np.einsum("bhqk,bkhd->bqhd", weights, v).reshape(B, T, d_model)
    a = _layer_norm(x + heads @ p["W_o"], p["gamma_1"], p["beta_1"])
    hidden = np.einsum("btd,df->btf", a, p["W_1"]) + p["b_1"]
    hidden[hidden < 0] = 0
    return _layer_norm(a + hidden @ p["W_2"] + p["b_2"], p["gamma_2"], p["beta_2"])
