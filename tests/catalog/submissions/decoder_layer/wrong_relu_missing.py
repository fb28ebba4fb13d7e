# expect: mistake.decoder_layer.relu_missing
import numpy as np


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    p = params
    mask = causal_mask(y.shape[1])
    if self_mask is not None:
        mask = np.logical_and(mask, self_mask)
    attended, _ = multi_head_attention(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"],
                                       num_heads, mask)
    a = layer_norm(y + attended, p["gamma_1"], p["beta_1"])
    looked_up, _ = multi_head_attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"],
                                        num_heads, memory_mask)
    b = layer_norm(a + looked_up, p["gamma_2"], p["beta_2"])
    ffn = (b @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
    return layer_norm(b + ffn, p["gamma_3"], p["beta_3"])
