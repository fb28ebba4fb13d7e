"""The graded functions' expected signatures, quoted in feedback when a call does not fit.

``course.yaml`` names the graded functions; their signatures are those of the reference
functions in ``solutions/`` (which follow the exercise contract), read once with
:func:`inspect.signature`. The student package has no ``solutions``: its build writes
the same table into :data:`PACKAGED_FILE`, which is read instead. Whatever runs the
student's code receives the table as data (:class:`autograder.outcomes.Recorder`'s
``expected_signatures``); it never imports the reference solutions for it.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.config import Course

# Only in the student package (written by autograder.student_package).
PACKAGED_FILE = Path(__file__).with_name("signatures.json")


@cache
def expected_signatures() -> Mapping[str, str]:
    """Function name -> ``"softmax(x, axis=-1, temperature=1.0)"`` for every graded function:
    the student package's copy when there is one, else the reference solutions'."""
    if PACKAGED_FILE.is_file():
        return json.loads(PACKAGED_FILE.read_text(encoding="utf-8"))
    return reference_signatures()


class ExpectedSignatures(Mapping[str, str]):
    """:func:`expected_signatures`, read on first use: only a call that does not fit needs
    it, so checking a learner's kernel in a clone of the repository imports the reference
    solutions only then, never before the learner's function runs."""

    def __getitem__(self, name: str) -> str:
        return expected_signatures()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(expected_signatures())

    def __len__(self) -> int:
        return len(expected_signatures())


def reference_signatures(config: Course | None = None) -> dict[str, str]:
    """Function name -> signature of the reference function, for ``config``'s graded functions.

    Parameters are written without annotations, defaults as the contract writes them
    (``eps=1e-5``).
    """
    import solutions  # instructor-only: absent from the student package
    from autograder.config import course

    names = [function.name for function in (config or course()).functions()]
    return {name: name + format_signature(inspect.signature(getattr(solutions, name)))
            for name in names}


def format_signature(signature: inspect.Signature) -> str:
    """``(x, axis=-1, temperature=1.0)``: names and defaults, without annotations."""
    return "(" + ", ".join(
        parameter.name if parameter.default is inspect.Parameter.empty
        else f"{parameter.name}={_number(repr(parameter.default))}"
        for parameter in signature.parameters.values()
    ) + ")"


def _number(text: str) -> str:
    """``1e-05`` as ``1e-5`` (Python pads the exponent; the contract does not)."""
    return re.sub(r"e([+-])0+(\d)", r"e\1\2", text)
