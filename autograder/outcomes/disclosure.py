"""Which failing checks of a function may show their own feedback (see :mod:`autograder.outcomes`).

The first failing check of a function says why it fails; a later one refers to it
(``SEE_FIRST_KEY``) unless its feedback speaks for itself. A check that is right on
its own inputs but waits for value checks that fail is held back (``HELD_BACK_KEY``).
"""

from __future__ import annotations

SEE_FIRST_KEY = "check.see_first"
HELD_BACK_KEY = "check.held_back"
# Feedback that names a known cause and quotes no values: shown on every check it fails.
NAMING_PREFIXES = ("mistake.", "public.")
NAMING_KEYS = frozenset({
    "check.modified_input", "check.no_value_error", "check.wrong_exception", "check.not_float",
    "check.not_bool", "check.not_finite",
})


def speaks_for_itself(key: str) -> bool:
    """Whether a later failing check with this feedback key may show its own feedback.

    (A later failure whose text was shown already, such as "not started yet" or a
    time-out of a function that is no longer called, is shown again too: it tells nothing new.)
    """
    return key.startswith(NAMING_PREFIXES) or key in NAMING_KEYS
