"""Turning the hidden suite's outcomes into graded, explained results.

Each hidden test module declares the function it grades with
``pytestmark = pytest.mark.grades("softmax")`` and takes the ``student``
fixture, whose attributes call the student's functions in the sandbox. A test
function and all its parametrised cases form one graded check; the first
failing case decides its feedback.

How points are earned (the README says the same to students):

- A *value check* compares the answer with the correct one on its own part of
  the input space (2-D input, batched input, with a mask, float32 input...).
- A *gated check* (``pytest.mark.requires("test_x")``) tests what a correct
  function must also do, such as raising ``ValueError`` for an invalid
  argument; it earns its points only when the value checks it names pass too.
- A *diagnosis* (``pytest.mark.diagnosis``) tests a property that a wrong
  answer may also have (weights sum to one, a boolean dtype, sin² + cos² = 1);
  it is worth no points and is there to name the mistake.

A function's points (``course.yaml``) are shared equally among its value and
gated checks. So an answer that has the right form but ignores the meaning of
its inputs earns nothing, and a wrong function still earns the share of each
part of the input space it gets right.

What the feedback discloses: the first failing check of a function says why it
fails. A later failing check shows its own feedback only when that feedback
names a known mistake and quotes no values (``speaks_for_itself``), or repeats
a text already shown ("not started yet"); otherwise it refers to the first, so
that at most one check per function quotes values of the hidden inputs. Text
the student controls (exception messages, code locations) is capped at
:data:`~autograder.feedback.STUDENT_TEXT_LIMIT` characters.

One module per job:

- ``recorder``: runs the cases and scores the checks (:class:`Recorder`);
- ``explanations``: the student-facing text and message key of a failure;
- ``disclosure``: which later failures may show their own feedback;
- ``errors``: :class:`UnusableSubmission`, a submission that could not run at all;
- ``stand_ins``: :class:`UnusableProgram`, the program that stands in for it;
- ``signatures``: the graded functions' expected signatures, quoted when a call does
  not fit, read from the reference solutions (or the student package's copy of them).
"""

from autograder.outcomes.disclosure import (
    HELD_BACK_KEY,
    NAMING_KEYS,
    NAMING_PREFIXES,
    SEE_FIRST_KEY,
    speaks_for_itself,
)
from autograder.outcomes.errors import UnusableSubmission
from autograder.outcomes.explanations import (
    check_title,
    classify,
    explain,
    failure_key,
    feedback_key,
    location,
    raised_in,
)
from autograder.outcomes.recorder import CheckOutcome, Recorder
from autograder.outcomes.signatures import (
    ExpectedSignatures,
    expected_signatures,
    reference_signatures,
)
from autograder.outcomes.stand_ins import UnusableProgram

__all__ = [
    "HELD_BACK_KEY",
    "NAMING_KEYS",
    "NAMING_PREFIXES",
    "SEE_FIRST_KEY",
    "CheckOutcome",
    "ExpectedSignatures",
    "Recorder",
    "UnusableProgram",
    "UnusableSubmission",
    "check_title",
    "classify",
    "expected_signatures",
    "explain",
    "failure_key",
    "feedback_key",
    "location",
    "raised_in",
    "reference_signatures",
    "speaks_for_itself",
]
