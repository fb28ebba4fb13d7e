import numpy as np


def my_softmax(scores):
    shifted = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


def my_layer_norm(x, gamma, beta, eps=1e-5):
    centred = x - x.mean(axis=-1, keepdims=True)
    return gamma * centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps) + beta


def encoder_layer(x, params, num_heads, mask=None):
    """Explicit loops over the batch and the heads, with helpers of its own."""
    x = np.array(x, dtype=np.float64)
    B, T, d_model = x.shape
    if d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    d_head = d_model // num_heads
    full_mask = None if mask is None else np.broadcast_to(mask, (B, num_heads, T, T))
    attended = np.zeros_like(x)
    for b in range(B):
        q, k, v = x[b] @ params["W_q"], x[b] @ params["W_k"], x[b] @ params["W_v"]
        head_outputs = []
        for h in range(num_heads):
            cols = slice(h * d_head, (h + 1) * d_head)
            scores = q[:, cols] @ k[:, cols].T / np.sqrt(d_head)
            if full_mask is not None:
                scores = np.where(full_mask[b, h], scores, -np.inf)
            head_outputs.append(my_softmax(scores) @ v[:, cols])
        attended[b] = np.concatenate(head_outputs, axis=-1) @ params["W_o"]
    a = my_layer_norm(x + attended, params["gamma_1"], params["beta_1"])
    ffn = np.maximum(a @ params["W_1"] + params["b_1"], 0) @ params["W_2"] + params["b_2"]
    return my_layer_norm(a + ffn, params["gamma_2"], params["beta_2"])
