"""``from autograder.selfcheck import check``: the import that released notebooks use.

The checker lives in :mod:`autograder.selfstudy.selfcheck`; this path stays because the
course's notebooks (and the grader's sandbox, which replaces it with a no-op) name it.
"""

from autograder.selfstudy.selfcheck import UnknownFunction, check, run_check

__all__ = ["UnknownFunction", "check", "run_check"]
