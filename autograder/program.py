"""What the grading engine uses of a loaded submission: the :class:`Program` protocol.

Three kinds exist: :class:`autograder.student.StudentProgram` (the code running in the
sandbox), :class:`autograder.selfstudy.in_process.InProcessProgram` (a learner's own kernel
namespace) and :class:`autograder.outcomes.UnusableProgram` (nothing could run: every call
says why). Front ends ask the protocol, never which kind they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from autograder.student import ChunkOutcome


class Program(Protocol):
    """A loaded submission whose functions can be called by name."""

    @property
    def layers(self) -> Sequence[str]:
        """The isolation layers in force (see the README, "Isolation")."""
        ...

    @property
    def sandboxed(self) -> bool:
        """Whether it runs in the grader's sandbox (so that missing layers count)."""
        ...

    @property
    def load_outcomes(self) -> Sequence[ChunkOutcome]:
        """How each cell or top-level statement ran at load time (empty when none ran)."""
        ...

    def call(self, name: str, args: tuple = (), kwargs: dict | None = None, *,
             readonly: bool = False, return_inputs: bool = False) -> object:
        """``name(*args, **kwargs)`` in the program; raises a ``StudentError`` when there is
        no answer."""
        ...

    def defined_functions(self, names: list[str]) -> dict[str, str]:
        """Which of ``names`` the program defines, with their signatures."""
        ...

    def close(self) -> str:
        """Stop it; return what it printed (empty when nothing was captured)."""
        ...
