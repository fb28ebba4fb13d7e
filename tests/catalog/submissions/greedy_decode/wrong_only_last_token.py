# expect: mistake.greedy_decode.decoder_sees_only_last_token
import numpy as np


def embed(ids, E):
    d = E.shape[1]
    return E[np.asarray(ids)] * np.sqrt(d) + sinusoidal_positional_encoding(len(ids), d)


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Feeds the decoder only the token generated last, like an RNN decoder, but keeps no state."""
    memory = encoder_layer(embed(src, model["embedding"])[None], model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        h = decoder_layer(embed(out[-1:], model["embedding"])[None], memory, model["decoder"],
                          num_heads)
        out.append(int(np.argmax(h[0, -1] @ model["W_out"])))
        if out[-1] == eos_id:
            break
    return np.array(out[1:])
