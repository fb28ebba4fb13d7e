"""Import a course suite's test modules the way a remembered plan needs them, fast.

A plan (see :func:`autograder.suite.collect`) names each case's module, test function
and parameter indices; rebuilding the cases needs the test modules imported and their
``pytest.mark.parametrize`` values read back. The test modules use pytest only for
marks while they are imported, and importing pytest itself costs about 0.1 s, more
than a notebook's public checks. So when pytest is not loaded yet, the modules are
imported with :class:`MarksOnly` standing in for it: ``pytest.mark.X(...)`` records
the mark (name, args, kwargs) exactly where pytest would (``function.pytestmark``),
and every other attribute (``pytest.raises``, ``pytest.param``...) is the real
pytest's, imported on first use. The stand-in is removed from ``sys.modules`` as
soon as the imports are done; a later ``import pytest`` gets the real one.

:func:`parameter_values` reads a case's values back from the marks with pytest's own
rules (``"a, b"`` argnames, a single name's values not unpacked, ``pytest.param``).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator


class StandInMark:
    """What ``pytest.mark.X(*args, **kwargs)`` records: pytest's ``Mark`` fields."""

    def __init__(self, name: str, args: tuple = (), kwargs: dict | None = None) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs or {}

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and _is_test_target(args[0]):
            target = args[0]  # decorating a test function (or class): store the mark on it
            target.pytestmark = [*_unpacked(target), self]
            return target
        return StandInMark(self.name, self.args + args, {**self.kwargs, **kwargs})

    @property
    def mark(self) -> StandInMark:  # pytest's MarkDecorator.mark
        return self

    def __repr__(self) -> str:
        return f"StandInMark({self.name!r}, {self.args!r}, {self.kwargs!r})"


def _is_test_target(value) -> bool:
    """pytest's rule: a single named callable (not a lambda) or class is decorated."""
    return isinstance(value, type) or (
        callable(value) and getattr(value, "__name__", "<lambda>") != "<lambda>")


def _unpacked(target) -> list:
    found = getattr(target, "pytestmark", [])
    return list(found) if isinstance(found, list) else [found]


class _MarkGenerator:
    def __getattr__(self, name: str) -> StandInMark:
        if name.startswith("_"):
            raise AttributeError(name)
        return StandInMark(name)


class MarksOnly(types.ModuleType):
    """A ``pytest`` module for importing test modules: real-looking marks, the rest lazily."""

    def __init__(self) -> None:
        super().__init__("pytest", "marks-only stand-in for pytest (autograder.suite_import)")
        self.mark = _MarkGenerator()

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        real = _real_pytest()
        return getattr(real, name)


def _real_pytest():
    found = sys.modules.get("pytest")
    if found is None or isinstance(found, MarksOnly):
        sys.modules.pop("pytest", None)
        found = importlib.import_module("pytest")
    return found


@contextlib.contextmanager
def without_pytest() -> Iterator[None]:
    """Import test modules inside this block; with the marks-only stand-in if pytest is
    not loaded (else with pytest itself, but without its assertion rewriting: the course
    suites state no bare ``assert``, and a learner's ``pytest`` then imports them as
    ``grade`` does, from the ordinary bytecode cache, without the rewriter's search)."""
    if "pytest" in sys.modules:
        rewriters = [finder for finder in sys.meta_path
                     if type(finder).__name__ == "AssertionRewritingHook"]
        for finder in rewriters:
            sys.meta_path.remove(finder)
        try:
            yield
        finally:
            sys.meta_path[:0] = rewriters
        return
    stand_in = MarksOnly()
    sys.modules["pytest"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("pytest") is stand_in:
            del sys.modules["pytest"]


def parameter_values(function, indices: dict[str, int]) -> dict[str, object]:
    """The values of one parametrised case of ``function``: for each argument name, entry
    ``indices[name]`` of the ``parametrize`` mark that names it.

    Raises:
        KeyError, IndexError, ValueError: the marks do not have these arguments.
    """
    values: dict[str, object] = {}
    for mark in getattr(function, "pytestmark", []):
        mark = getattr(mark, "mark", mark)
        if mark.name != "parametrize":
            continue
        if len(mark.args) >= 2:
            argnames, argvalues = mark.args[:2]
        else:
            argnames, argvalues = mark.kwargs["argnames"], mark.kwargs["argvalues"]
        names, force_tuple = _argnames(argnames)
        if not names or names[0] not in indices:
            continue
        chosen = list(argvalues)[indices[names[0]]]
        if _is_parameter_set(chosen):
            row = tuple(chosen.values)
        else:
            row = (chosen,) if force_tuple else tuple(chosen)
        if len(row) != len(names):
            raise ValueError(f"{len(names)} names for {len(row)} values")
        values.update(zip(names, row, strict=True))
    return {name: values[name] for name in indices}


def _argnames(argnames) -> tuple[list[str], bool]:
    """pytest's ``ParameterSet._parse_parametrize_args``."""
    if isinstance(argnames, str):
        trailing_comma = argnames.rstrip().endswith(",")
        names = [name.strip() for name in argnames.split(",") if name.strip()]
        return names, len(names) == 1 and not trailing_comma
    return list(argnames), False


def _is_parameter_set(value) -> bool:
    """``pytest.param(...)``: a ParameterSet, recognised without importing pytest."""
    return type(value).__name__ == "ParameterSet" and hasattr(value, "values") and hasattr(
        value, "marks")
