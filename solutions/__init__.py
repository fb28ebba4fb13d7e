"""Reference solutions of every graded function (instructor-only; never released)."""

from solutions.decoder import decoder_layer, greedy_decode
from solutions.seq2seq import additive_attention, rnn_encoder
from solutions.transformer import (
    causal_mask,
    encoder_layer,
    layer_norm,
    merge_heads,
    multi_head_attention,
    padding_mask,
    scaled_dot_product_attention,
    sinusoidal_positional_encoding,
    softmax,
    split_heads,
)

__all__ = [
    "additive_attention",
    "causal_mask",
    "decoder_layer",
    "encoder_layer",
    "greedy_decode",
    "layer_norm",
    "merge_heads",
    "multi_head_attention",
    "padding_mask",
    "rnn_encoder",
    "scaled_dot_product_attention",
    "sinusoidal_positional_encoding",
    "softmax",
    "split_heads",
]
