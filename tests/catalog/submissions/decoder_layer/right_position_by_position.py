import numpy as np


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """Incremental, as at generation time: position t attends to keys 0..t only.

    No causal mask is built: each position's self-attention simply gets the prefix
    y[:, :t + 1] as its keys and values, which is what the mask does at once.
    """
    p = params
    y = np.asarray(y, dtype=np.float64)
    B, T, d_model = y.shape
    rows = []
    for t in range(T):
        mask = None
        if self_mask is not None:  # its row t, over the keys 0..t
            full = np.broadcast_to(self_mask, (B, num_heads, T, T))
            mask = full[:, :, t:t + 1, :t + 1]
        attended, _ = multi_head_attention(y[:, t:t + 1], y[:, :t + 1], p["W_q1"], p["W_k1"],
                                           p["W_v1"], p["W_o1"], num_heads, mask)
        rows.append(attended)
    a = layer_norm(y + np.concatenate(rows, axis=1), p["gamma_1"], p["beta_1"])
    looked_up, _ = multi_head_attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"],
                                        num_heads, memory_mask)
    b = layer_norm(a + looked_up, p["gamma_2"], p["beta_2"])
    ffn = np.maximum(0, b @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
    return layer_norm(b + ffn, p["gamma_3"], p["beta_3"])
