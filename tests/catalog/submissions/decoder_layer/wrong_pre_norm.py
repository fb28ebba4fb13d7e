# expect: mistake.decoder_layer.pre_norm
import numpy as np


def decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None):
    """The pre-norm layer of current models (GPT-2 style) instead of the paper's post-norm."""
    p = params
    y = np.asarray(y, dtype=float)
    mask = causal_mask(y.shape[1])
    if self_mask is not None:
        mask = np.logical_and(mask, self_mask)
    z = layer_norm(y, p["gamma_1"], p["beta_1"])
    a = y + multi_head_attention(z, z, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"],
                                 num_heads, mask)[0]
    z = layer_norm(a, p["gamma_2"], p["beta_2"])
    b = a + multi_head_attention(z, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"],
                                 num_heads, memory_mask)[0]
    z = layer_norm(b, p["gamma_3"], p["beta_3"])
    return b + np.maximum(0, z @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
