# expect: mistake.greedy_decode.default_ids_used
import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Uses the number model's <bos> = 1 and <eos> = 2 whatever the arguments say."""
    E = model["embedding"]
    d = E.shape[1]
    memory = encoder_layer((E[src] * np.sqrt(d) + sinusoidal_positional_encoding(len(src), d))[None],
                           model["encoder"], num_heads)
    out = [1]
    for _ in range(max_len):
        y = E[out] * np.sqrt(d) + sinusoidal_positional_encoding(len(out), d)
        h = decoder_layer(y[None], memory, model["decoder"], num_heads)
        out.append(int(np.argmax(h[0, -1] @ model["W_out"])))
        if out[-1] == 2:
            break
    return np.array(out[1:])
