import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Everything in float32; the ids live in a Python list until the end."""
    E = np.asarray(model["embedding"], dtype=np.float32)
    d = E.shape[1]
    scale = np.float32(np.sqrt(d))
    f32 = {k: {n: np.asarray(v, dtype=np.float32) for n, v in model[k].items()}
           for k in ("encoder", "decoder")}
    pe = sinusoidal_positional_encoding(len(src) + max_len + 1, d).astype(np.float32)
    x = E[list(src)] * scale + pe[: len(src)]
    memory = encoder_layer(x[None], f32["encoder"], num_heads)
    ids = [bos_id]
    while len(ids) <= max_len:
        y = E[ids] * scale + pe[: len(ids)]
        h = decoder_layer(y[None], memory, f32["decoder"], num_heads)
        ids.append(int(np.argmax(h[0, -1] @ np.asarray(model["W_out"], dtype=np.float32))))
        if ids[-1] == eos_id:
            break
    return np.array(ids[1:])
