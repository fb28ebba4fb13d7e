"""Known mistakes in ``layer_norm``: the wrong variance, eps in the wrong place, the wrong axis."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

KEY = "mistake.layer_norm."


def layer_norm_mistakes(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                        eps: float = 1e-5) -> dict[str, Callable[[], np.ndarray]]:
    """Message key -> what that mistake returns for these arguments (computed on demand)."""
    x = np.asarray(x, dtype=np.float64)

    def variant(axis, *, ddof=0, spread="var_plus_eps", affine=True, eps_value=eps):
        mean = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, keepdims=True, ddof=ddof)
        if spread == "std_plus_eps":  # eps added outside the square root
            scale = np.sqrt(var) + eps_value
        elif spread == "sqrt_std_plus_eps":  # the standard deviation used as the variance
            scale = np.sqrt(np.sqrt(var) + eps_value)
        else:
            scale = np.sqrt(var + eps_value)
        out = (x - mean) / scale
        return gamma * out + beta if affine else out

    found = {
        KEY + "unbiased_variance": lambda: variant(-1, ddof=1),
        KEY + "eps_outside_sqrt": lambda: variant(-1, spread="std_plus_eps"),
        KEY + "std_instead_of_var": lambda: variant(-1, spread="sqrt_std_plus_eps"),
        KEY + "no_gamma_beta": lambda: variant(-1, affine=False),
        KEY + "gamma_beta_swapped": lambda: beta * variant(-1, affine=False) + gamma,
        KEY + "all_axes": lambda: variant(None),
    }
    if eps != 1e-5:
        found[KEY + "eps_argument_ignored"] = lambda: variant(-1, eps_value=1e-5)
    if x.ndim >= 2:
        found[KEY + "wrong_axis"] = lambda: variant(0)
    return found
