"""Known mistakes in the last step of ``multi_head_attention``: the output projection."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

KEY = "mistake.multi_head_attention."


def output_projection_mistakes(
    merged_heads: Callable[[], np.ndarray],
) -> dict[str, Callable[[], np.ndarray]]:
    """Message key -> what that mistake returns as the output.

    Args:
        merged_heads: the heads merged back to ``(B, T_q, d_model)``, before ``@ W_o``.
    """
    return {KEY + "no_output_projection": merged_heads}
