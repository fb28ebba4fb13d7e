import numpy as np


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """Masks turned into additive -inf matrices; float32 inputs stay float32."""
    p = params
    y = as_float(y)
    T = y.shape[1]
    future = np.triu(np.full((T, T), -np.inf, dtype=y.dtype), k=1)  # 0 on and below the diagonal
    allowed = np.isfinite(future)
    if self_mask is not None:
        allowed = allowed & self_mask
    attended, _ = multi_head_attention(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"],
                                       num_heads, allowed)
    a = layer_norm(y + attended, p["gamma_1"], p["beta_1"])
    looked_up, _ = multi_head_attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"],
                                        num_heads, memory_mask)
    b = layer_norm(a + looked_up, p["gamma_2"], p["beta_2"])
    hidden = np.maximum(b @ p["W_1"] + p["b_1"], 0)
    return layer_norm(b + hidden @ p["W_2"] + p["b_2"], p["gamma_3"], p["beta_3"])
