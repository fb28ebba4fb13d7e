# expect: mistake.greedy_decode.embedding_as_output_layer
import numpy as np


def embed(ids, E):
    d = E.shape[1]
    return E[np.asarray(ids)] * np.sqrt(d) + sinusoidal_positional_encoding(len(ids), d)


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Ties the output layer to the embedding, as the paper does; this model has W_out."""
    E = model["embedding"]
    memory = encoder_layer(embed(src, E)[None], model["encoder"], num_heads)
    out = [bos_id]
    for _ in range(max_len):
        h = decoder_layer(embed(out, E)[None], memory, model["decoder"], num_heads)
        out.append(int(np.argmax(h[0, -1] @ E.T)))
        if out[-1] == eos_id:
            break
    return np.array(out[1:])
