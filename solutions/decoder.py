"""Reference solutions for module 03: the decoder and generation.

One post-norm Transformer decoder layer of Vaswani et al. (2017), then greedy
decoding with a whole (tiny) encoder-decoder Transformer: one encoder layer,
one decoder layer and an output projection. Everything else comes from module
02 (``solutions/transformer.py``).
"""

from __future__ import annotations

import numpy as np

from solutions.transformer import (
    as_float,
    causal_mask,
    encoder_layer,
    layer_norm,
    multi_head_attention,
    sinusoidal_positional_encoding,
)


def decoder_layer(y, memory, params: dict, num_heads: int, self_mask=None,
                  memory_mask=None) -> np.ndarray:
    """One post-norm Transformer decoder layer.

    ``a = layer_norm(y + MHA(y, y; causal AND self_mask))``, then
    ``b = layer_norm(a + MHA(a, memory; memory_mask))`` (queries from ``a``, keys
    and values from ``memory``), then ``out = layer_norm(b + FFN(b))``.

    Args:
        y: the decoder's input ``(B, T_y, d_model)``.
        memory: the encoder's output ``(B, T_x, d_model)``.
        params: ``W_q1 W_k1 W_v1 W_o1`` (self-attention) and ``W_q2 W_k2 W_v2 W_o2``
            (cross-attention) ``(d_model, d_model)``, ``W_1 b_1 W_2 b_2`` (the FFN),
            ``gamma_1 beta_1 gamma_2 beta_2 gamma_3 beta_3`` ``(d_model,)``.
        num_heads: number of attention heads.
        self_mask: optional boolean mask broadcastable to ``(B, H, T_y, T_y)``,
            combined with the causal mask by logical AND.
        memory_mask: optional boolean mask broadcastable to ``(B, H, T_y, T_x)``.

    Returns:
        ``(B, T_y, d_model)``.
    """
    p = params
    y = as_float(y)
    mask = causal_mask(y.shape[-2])  # (T_y, T_y): a position sees itself and the past
    if self_mask is not None:
        mask = np.logical_and(mask, self_mask)  # broadcasts to (B, H, T_y, T_y)
    attended, _ = multi_head_attention(
        y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"], num_heads, mask
    )  # (B, T_y, d_model)
    a = layer_norm(y + attended, p["gamma_1"], p["beta_1"])
    looked_up, _ = multi_head_attention(
        a, memory, p["W_q2"], p["W_k2"], p["W_v2"], p["W_o2"], num_heads, memory_mask
    )  # (B, T_y, d_model): queries from a, keys and values from memory
    b = layer_norm(a + looked_up, p["gamma_2"], p["beta_2"])
    hidden = np.maximum(0.0, b @ p["W_1"] + p["b_1"])  # (B, T_y, d_ff)
    return layer_norm(b + hidden @ p["W_2"] + p["b_2"], p["gamma_3"], p["beta_3"])


def greedy_decode(src, model: dict, num_heads: int, max_len: int, bos_id: int = 1,
                  eos_id: int = 2) -> np.ndarray:
    """Generate a target sequence for ``src``, one most likely token at a time.

    Args:
        src: source token ids ``(T_x,)``.
        model: ``embedding`` ``(V, d_model)`` (shared by source and target tokens),
            ``encoder`` (an ``encoder_layer`` params dict), ``decoder`` (a
            ``decoder_layer`` params dict), ``W_out`` ``(d_model, V)``.
        num_heads: number of attention heads of both layers.
        max_len: the most tokens to generate.
        bos_id: the token decoding starts from (not returned).
        eos_id: the token that ends decoding (returned when generated).

    Returns:
        The generated ids, an integer array of at most ``max_len`` ids.
    """
    embedding = model["embedding"]
    d_model = embedding.shape[1]

    def embed(ids) -> np.ndarray:
        """``(T,)`` ids to the ``(1, T, d_model)`` input of either stack (a batch of one)."""
        ids = np.asarray(ids)
        x = embedding[ids] * d_model**0.5 + sinusoidal_positional_encoding(len(ids), d_model)
        return x[None]

    memory = encoder_layer(embed(src), model["encoder"], num_heads)  # run once, no mask
    prefix = [bos_id]
    while len(prefix) - 1 < max_len:
        y = embed(prefix)  # (1, T_y, d_model): the whole prefix, <bos> first
        h = decoder_layer(y, memory, model["decoder"], num_heads)  # (1, T_y, d_model)
        logits = h[0, -1] @ model["W_out"]  # (V,): the last position predicts the next token
        prefix.append(int(np.argmax(logits)))  # argmax: the first index on ties
        if prefix[-1] == eos_id:
            break
    return np.array(prefix[1:], dtype=np.int64)
