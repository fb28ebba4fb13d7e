# expect: mistake.encoder_layer.relu_missing
import numpy as np


def encoder_layer(x, params, num_heads, mask=None):
    p = params
    x = np.asarray(x, dtype=float)
    attended, _ = multi_head_attention(
        x, x, p["W_q"], p["W_k"], p["W_v"], p["W_o"], num_heads, mask
    )
    a = layer_norm(x + attended, p["gamma_1"], p["beta_1"])
    hidden = a @ p["W_1"] + p["b_1"]
    return layer_norm(a + hidden @ p["W_2"] + p["b_2"], p["gamma_2"], p["beta_2"])
