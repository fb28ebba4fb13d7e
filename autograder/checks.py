"""The vocabulary of the hidden tests: checks that fail with teaching feedback.

Each check raises :class:`~autograder.feedback.Feedback` with a message key
from ``messages/checks.yaml``, so a failure tells the student what was
checked and what went wrong in their terms, in their language, without
showing the hidden inputs. Where the student's answer matches a known
mistake, the message names that mistake instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from autograder.feedback import Feedback
from autograder.student import FunctionRaised, Returned

# Tolerances that suit the computation, not only the dtype: a correct solution
# that computes in float32 must pass, so float64 results are held to float32
# accuracy as well.
RTOL = {"float64": 1e-4, "float32": 1e-3}
ATOL = {"float64": 1e-6, "float32": 1e-5}


def tolerances(dtype, scale: float = 1.0) -> tuple[float, float]:
    """``(rtol, atol)`` for results computed from inputs of ``dtype``."""
    key = "float32" if np.dtype(dtype) == np.float32 else "float64"
    return RTOL[key] * scale, ATOL[key] * scale


def as_result_array(value, what: str = "output") -> np.ndarray:
    """The student's value as an array, or feedback that it is not one."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (float, int, np.generic)) and not isinstance(value, bool):
        return np.asarray(value)
    if isinstance(value, list):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise Feedback("check.not_an_array", what=what, got=type(value).__name__) from None
        return array
    raise Feedback("check.not_an_array", what=what, got=_type_name(value))


def unpack(value, names: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """A tuple result such as ``(output, weights)``, each checked to be an array."""
    if not isinstance(value, (tuple, list)) or len(value) != len(names):
        raise Feedback(
            "check.not_a_tuple", count=len(names), names=", ".join(names), got=_describe(value)
        )
    return tuple(as_result_array(v, name) for v, name in zip(value, names, strict=True))


def check_shape(actual: np.ndarray, expected: tuple[int, ...], what: str = "output") -> None:
    if tuple(actual.shape) != tuple(expected):
        raise Feedback("check.shape", what=what, expected=tuple(expected), got=tuple(actual.shape))


def check_float(actual: np.ndarray, what: str = "output") -> None:
    if not np.issubdtype(actual.dtype, np.floating):
        raise Feedback("check.not_float", what=what, got=str(actual.dtype))


def check_bool(actual: np.ndarray, what: str = "mask") -> None:
    if actual.dtype != np.bool_:
        raise Feedback("check.not_bool", what=what, got=str(actual.dtype))


def check_finite(actual: np.ndarray, what: str = "output", hint: str | None = None) -> None:
    if not np.all(np.isfinite(actual)):
        raise Feedback(hint or "check.not_finite", what=what)


def part_of(wrong: Callable[[], Any], index: Any) -> Callable[[], Any]:
    """A known mistake's answer cut to ``index`` (e.g. ``np.s_[..., -1, :]``), still computed
    only when asked for."""
    return lambda: wrong()[index]


def check_close(
    actual,
    expected: ArrayLike,
    what: str = "output",
    *,
    rtol: float = RTOL["float64"],
    atol: float = ATOL["float64"],
    mistakes: Mapping[str, Callable[[], np.ndarray]] | None = None,
) -> None:
    """Shape, then values; on a mismatch, name the known mistake the answer matches.

    Args:
        mistakes: message key -> a function computing what that mistake gives (an
            array, or a list of arrays when the mistake has several forms). They are
            computed only when the answer is wrong.
    """
    actual = as_result_array(actual, what)
    expected = np.asarray(expected)
    if actual.shape == expected.shape and _close(actual, expected, rtol, atol):
        return
    # A known mistake is named even when it changes the shape (e.g. heads averaged).
    for key, wrong_answer in (mistakes or {}).items():
        try:
            answers = wrong_answer()
            candidates = answers if isinstance(answers, list) else [answers]
            candidates = [np.asarray(c) for c in candidates]
        except Exception:
            continue
        for candidate in candidates:
            if candidate.shape == actual.shape and _close(actual, candidate, rtol, atol):
                raise Feedback(key, what=what)
    check_shape(actual, expected.shape, what)
    if not np.all(np.isfinite(actual)) and np.all(np.isfinite(expected)):
        raise Feedback("check.not_finite", what=what)
    error = np.abs(actual.astype(complex) - expected)
    worst = np.unravel_index(np.nanargmax(np.where(np.isnan(error), np.inf, error)), error.shape)
    raise Feedback(
        "check.values",
        what=what,
        index=tuple(int(i) for i in worst),
        got=_number(actual[worst]),
        expected=_number(expected[worst]),
    )


def check_equal(actual, expected: np.ndarray, what: str = "mask") -> None:
    """Exact equality (for masks and other discrete results)."""
    actual = as_result_array(actual, what)
    check_shape(actual, np.shape(expected), what)
    wrong = np.argwhere(actual != expected)
    if len(wrong):
        index = tuple(int(i) for i in wrong[0])
        raise Feedback(
            "check.entries", what=what, count=len(wrong), index=index,
            got=_number(actual[index]), expected=_number(np.asarray(expected)[index]),
        )


def check_unchanged(returned: Returned, original_args: tuple, original_kwargs: dict | None = None,
                    names: tuple[str, ...] = ()) -> None:
    """The call must not have modified any of its array arguments in place."""
    labels = names or tuple(f"argument {i + 1}" for i in range(len(original_args)))
    pairs = list(zip(labels, original_args, returned.args, strict=False))
    for key, before in (original_kwargs or {}).items():
        pairs.append((key, before, returned.kwargs.get(key)))
    for name, before, after in list(pairs):
        if isinstance(before, dict):  # e.g. a params dict: check each array inside it
            after = after if isinstance(after, dict) else {}
            pairs.extend((f"{name}[{k!r}]", v, after.get(k)) for k, v in before.items())
    for name, before, after in pairs:
        if isinstance(before, np.ndarray) and not (
            isinstance(after, np.ndarray) and after.shape == before.shape
            and np.array_equal(after, before, equal_nan=before.dtype.kind == "f")
        ):
            raise Feedback("check.modified_input", what=name)


def expect_value_error(call: Callable[[], object], case: str) -> None:
    """The student's function must raise ValueError for an invalid argument."""
    try:
        call()
    except FunctionRaised as raised:
        if raised.is_value_error:
            return
        if raised.is_not_implemented:
            raise
        raise Feedback("check.wrong_exception", case=case, got=raised.type_name) from None
    raise Feedback("check.no_value_error", case=case)


def _close(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """``np.allclose(actual, expected, rtol, atol)``, NaN never close, False when they do
    not broadcast. Floating arrays whose every value is finite and within the tolerance
    are recognised by the formula itself (what ``isclose`` computes for finite values),
    about five times faster; anything else is left to NumPy."""
    try:
        if (isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray)
                and actual.dtype.kind == "f" and expected.dtype.kind == "f"):
            with np.errstate(all="ignore"):
                margin = abs(expected) * rtol + atol
                if (abs(actual - expected) <= margin).all() and np.isfinite(margin).all():
                    return True
        return bool(np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=False))
    except (TypeError, ValueError):
        return False


def _number(value) -> str:
    value = np.asarray(value).item()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _type_name(value) -> str:
    return type(value).__name__ if not hasattr(value, "type_name") else value.type_name


def _describe(value) -> str:
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    return _type_name(value)
