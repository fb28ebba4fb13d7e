"""What the engine runs in place of a program that could not be loaded."""

from __future__ import annotations

from autograder.outcomes.errors import UnusableSubmission


class UnusableProgram:
    """Stands in for a program that could not be loaded: every call says why (a
    :class:`autograder.program.Program`)."""

    layers: tuple[str, ...] = ()
    sandboxed = False
    load_outcomes: tuple = ()

    def __init__(self, error: UnusableSubmission) -> None:
        self.error = error

    def call(self, *args, **kwargs):
        raise self.error

    def defined_functions(self, names: list[str]) -> dict[str, str]:
        return {}

    def close(self) -> str:
        return ""

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.call
