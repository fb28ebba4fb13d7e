"""Running untrusted student code: one locked-down process per submission."""

from autograder.sandbox.process import Limits, Reply, StudentProcess, StudentProcessDied

__all__ = ["Limits", "Reply", "StudentProcess", "StudentProcessDied"]
