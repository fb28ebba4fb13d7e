# expect: mistake.greedy_decode.ids_not_integer
import numpy as np


def embed(ids, E):
    d = E.shape[1]
    return E[np.asarray(ids, dtype=int)] * np.sqrt(d) + sinusoidal_positional_encoding(len(ids), d)


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Keeps the ids in a float array that also feeds the embedding lookup."""
    memory = encoder_layer(embed(src, model["embedding"])[None], model["encoder"], num_heads)
    out = np.array([bos_id], dtype=float)
    while len(out) <= max_len:
        h = decoder_layer(embed(out, model["embedding"])[None], memory, model["decoder"],
                          num_heads)
        out = np.append(out, np.argmax(h[0, -1] @ model["W_out"]))
        if out[-1] == eos_id:
            break
    return out[1:]
