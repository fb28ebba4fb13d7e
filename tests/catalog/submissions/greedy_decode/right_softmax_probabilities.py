import numpy as np


def embed(ids, embedding):
    ids = np.asarray(ids)
    d_model = embedding.shape[1]
    return embedding[ids] * np.sqrt(d_model) + sinusoidal_positional_encoding(len(ids), d_model)


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """Picks the most probable token after a softmax, and builds the prefix as an array."""
    memory = encoder_layer(embed(src, model["embedding"])[np.newaxis], model["encoder"],
                           num_heads)
    prefix = np.array([bos_id])
    for _ in range(max_len):
        h = decoder_layer(embed(prefix, model["embedding"])[np.newaxis], memory,
                          model["decoder"], num_heads)
        probabilities = softmax(h[:, -1] @ model["W_out"])  # (1, V)
        prefix = np.append(prefix, probabilities.argmax(axis=-1))
        if prefix[-1] == eos_id:
            break
    return prefix[1:]
