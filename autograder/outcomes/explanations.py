"""What a failed check tells the student, and under which message key.

:func:`explain` gives the text, :func:`failure_key` the key (for verdicts and the class
statistics), :func:`classify` the status (``failed``, ``error`` or ``timeout``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from autograder.feedback import Feedback, MissingText, cap, has, message
from autograder.outcomes.errors import UnusableSubmission
from autograder.report import Status
from autograder.student import (
    BadReturnValue,
    FunctionCrashed,
    FunctionMissing,
    FunctionRaised,
    FunctionTimedOut,
    StudentError,
)

# "name 'np' is not defined", as Python says it.
NAME_ERROR = re.compile(r"name '([^']{1,80})' is not defined")
# The innermost frame of a traceback as the sandbox and the kernel format it.
FRAME_FUNCTION = re.compile(r'File "[^"]*", line \d+, in (\S+)')
# Where a stopped call was running, as the sandbox and the forked kernel report it.
WHERE = re.compile(r"^line (\d+) of <?(.+?)>?, in (\S+)$")

# function -> (cell label, error type, error message) of the cell that should have defined
# it but failed to run
MissingCauses = Mapping[str, tuple[str, str, str]]


def explain(function: str, failure: BaseException | None, lang: str, *,
            missing_causes: MissingCauses, signatures: Mapping[str, str],
            expected: Mapping[str, str]) -> str:
    """The student-facing text for a failed check of ``function``.

    Args:
        missing_causes: why a function is missing, where a cell failed to define it.
        signatures: the signatures the student's functions have, e.g. ``"(x, dim=-1)"``.
        expected: the signatures the contract asks for, e.g. ``"softmax(x, axis=-1, ...)"``.
    """
    if isinstance(failure, Feedback):
        try:
            return failure.text(lang)
        except MissingText:  # a check names a text the catalog lacks: its verdict stands
            return message("check.generic", lang)
    if isinstance(failure, FunctionRaised):
        return _explain_raised(function, failure, lang, signatures, expected)
    if isinstance(failure, FunctionMissing):
        if function in missing_causes:
            label, error_type, error_message = missing_causes[function]
            return message("error.missing_load_failed", lang, function=function,
                           label=label, error_type=cap(error_type, lang),
                           error_message=cap(error_message, lang))
        return message("error.missing", lang, function=function)
    if isinstance(failure, FunctionTimedOut):
        text = message("error.timeout", lang, function=function,
                       seconds=f"{failure.seconds:g}")
        if failure.where:
            text += " " + message("error.timeout_where", lang,
                                  where=cap(location(failure.where, lang), lang))
        return text
    if isinstance(failure, FunctionCrashed):
        return message("error.crashed", lang, function=function,
                       detail=cap(failure.detail, lang))
    if isinstance(failure, BadReturnValue):
        return message("error.bad_return", lang, function=function,
                       detail=cap(failure.detail, lang))
    if isinstance(failure, UnusableSubmission):
        return message("error.unusable", lang, reason=failure.reason(lang))
    if isinstance(failure, AssertionError):
        return message("check.generic", lang)
    return message("error.internal", lang)


def _explain_raised(function: str, failure: FunctionRaised, lang: str,
                    signatures: Mapping[str, str], expected: Mapping[str, str]) -> str:
    """The text for a student's function that raised (including "not started yet")."""
    if failure.is_not_implemented:
        foundation = raised_in(failure)
        if foundation not in ("", function):
            return message("error.not_started_foundation", lang, function=function,
                           foundation=cap(foundation, lang))
        return message("error.not_started", lang, function=function)
    if failure.forbidden_module:
        return message("error.forbidden_import", lang, function=function,
                       module=failure.forbidden_module)
    if failure.type_name == "TypeError" and not failure.traceback.strip():
        # raised by the call itself, before any of the student's lines ran
        return message(
            "error.wrong_signature", lang, function=function,
            error_message=cap(failure.message, lang),
            signature=cap(signatures.get(function, "(?)"), lang),
            expected=expected.get(function, function),
        )
    text = message("error.raised", lang, function=function,
                   error_type=cap(failure.type_name, lang),
                   error_message=cap(failure.message, lang))
    undefined = NAME_ERROR.search(failure.message) if failure.type_name == "NameError" else None
    if undefined:
        text += "\n" + message("error.name_not_defined", lang, function=function,
                                name=cap(undefined.group(1), lang))
    if failure.traceback.strip():
        text += "\n" + message("error.raised_where", lang,
                                traceback=cap(failure.traceback, lang, keep="tail"))
    return text


def failure_key(function: str, failure: BaseException | None,
                missing_causes: MissingCauses) -> str:
    """The message key of a failed check of ``function`` (for verdicts and class statistics)."""
    if isinstance(failure, FunctionMissing) and function in missing_causes:
        return "error.missing_load_failed"
    if isinstance(failure, FunctionRaised) and failure.is_not_implemented and (
        raised_in(failure) not in ("", function)
    ):
        return "error.not_started_foundation"
    return feedback_key(failure)


def feedback_key(failure: BaseException | None) -> str:
    """The message key of ``failure`` whatever function it concerns."""
    if isinstance(failure, Feedback):
        return failure.key
    if isinstance(failure, FunctionRaised):
        return "error.not_started" if failure.is_not_implemented else "error.raised"
    if isinstance(failure, StudentError):
        return failure.feedback_key
    return "error.internal"


def classify(failure: BaseException) -> Status:
    """The status of a check that failed with ``failure``: ``timeout``, ``failed`` or ``error``."""
    if isinstance(failure, FunctionTimedOut):
        return "timeout"
    if isinstance(failure, (Feedback, AssertionError)):
        return "failed"
    if isinstance(failure, FunctionRaised) and failure.is_not_implemented:
        return "failed"
    return "error"


def check_title(function: str, test: str, lang: str) -> str:
    """The title of check ``test`` of ``function`` in ``lang`` (from the test's name if none)."""
    key = f"test.{function}.{test.removeprefix('test_')}"
    return message(key, lang) if has(key) else test.removeprefix("test_").replace("_", " ")


def location(where: str, lang: str) -> str:
    """``line 4 of <Cell In[5]>, in f`` in the student's language (as is if not that form)."""
    found = WHERE.match(where)
    if not found:
        return where
    line, cell, function = found.groups()
    return message("error.location", lang, line=line, cell=cell, function=function)


def raised_in(failure: FunctionRaised) -> str:
    """The function of the student's code in which ``failure`` was raised ("" if unknown)."""
    frames = FRAME_FUNCTION.findall(failure.traceback)
    return frames[-1] if frames else ""
