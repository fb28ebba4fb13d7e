# expect: mistake.greedy_decode.eos_dropped
import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Checks for <eos> before appending it."""
    E = model["embedding"]
    d = E.shape[1]
    memory = encoder_layer((E[src] * np.sqrt(d) + sinusoidal_positional_encoding(len(src), d))[None],
                           model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        y = E[out] * np.sqrt(d) + sinusoidal_positional_encoding(len(out), d)
        h = decoder_layer(y[None], memory, model["decoder"], num_heads)
        token = int(np.argmax(h[0, -1] @ model["W_out"]))
        if token == eos_id:
            break
        out.append(token)
    return np.array(out[1:])
