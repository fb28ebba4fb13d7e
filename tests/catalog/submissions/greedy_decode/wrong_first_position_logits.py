# expect: mistake.greedy_decode.first_position_logits
import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    E = model["embedding"]
    d = E.shape[1]
    memory = encoder_layer((E[src] * np.sqrt(d) + sinusoidal_positional_encoding(len(src), d))[None],
                           model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        y = E[out] * np.sqrt(d) + sinusoidal_positional_encoding(len(out), d)
        h = decoder_layer(y[None], memory, model["decoder"], num_heads)
        out.append(int(np.argmax(h[0, 0] @ model["W_out"])))  # the first row of h
        if out[-1] == eos_id:
            break
    return np.array(out[1:])
