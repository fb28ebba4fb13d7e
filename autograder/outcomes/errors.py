"""The error of a submission that could not be run at all."""

from __future__ import annotations

from autograder.feedback import message
from autograder.student import StudentError


class UnusableSubmission(StudentError):
    """The submission could not be run at all (empty, not a notebook, no code...)."""

    feedback_key = "error.UnusableSubmission"

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def reason(self, lang: str) -> str:
        """Why, in ``lang`` (the message ``problem.<key>``)."""
        return message(f"problem.{self.key}", lang, **self.params)
