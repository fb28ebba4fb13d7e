import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Incremental decoding with a KV cache: each step computes only the newest position.

    With one decoder layer, the last position's output needs the keys and values of the
    earlier positions' *inputs* only, so they are projected once and kept.
    """
    E, enc, dec = model["embedding"], model["encoder"], model["decoder"]
    d = E.shape[1]
    H, d_head = num_heads, d // num_heads
    pe = sinusoidal_positional_encoding(len(src) + max_len + 1, d)
    memory = encoder_layer((E[src] * np.sqrt(d) + pe[: len(src)])[None], enc, num_heads)[0]
    K2, V2 = memory @ dec["W_k2"], memory @ dec["W_v2"]  # the source's keys and values, once

    def attend(q, K, V, W_o):
        heads = []
        for h in range(H):
            cols = slice(h * d_head, (h + 1) * d_head)
            scores = K[:, cols] @ q[cols] / np.sqrt(d_head)
            weights = np.exp(scores - scores.max())
            heads.append(weights / weights.sum() @ V[:, cols])
        return np.concatenate(heads) @ W_o

    keys, values, generated, token = [], [], [], bos_id
    for position in range(max_len):
        y_t = E[token] * np.sqrt(d) + pe[position]  # the newest token only
        keys.append(y_t @ dec["W_k1"])
        values.append(y_t @ dec["W_v1"])
        a = layer_norm(y_t + attend(y_t @ dec["W_q1"], np.array(keys), np.array(values),
                                    dec["W_o1"]), dec["gamma_1"], dec["beta_1"])
        b = layer_norm(a + attend(a @ dec["W_q2"], K2, V2, dec["W_o2"]),
                       dec["gamma_2"], dec["beta_2"])
        h = layer_norm(b + np.maximum(0, b @ dec["W_1"] + dec["b_1"]) @ dec["W_2"] + dec["b_2"],
                       dec["gamma_3"], dec["beta_3"])
        token = int(np.argmax(h @ model["W_out"]))
        generated.append(token)
        if token == eos_id:
            break
    return np.array(generated, dtype=np.int64)
