# expect: mistake.greedy_decode.no_positional_encoding
import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    E = model["embedding"]
    d = E.shape[1]
    memory = encoder_layer((E[src] * np.sqrt(d))[None], model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        h = decoder_layer((E[out] * np.sqrt(d))[None], memory, model["decoder"], num_heads)
        out.append(int(np.argmax(h[0, -1] @ model["W_out"])))
        if out[-1] == eos_id:
            break
    return np.array(out[1:])
