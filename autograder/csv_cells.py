"""Cells of the CSV files instructors open in a spreadsheet (gradebooks, quiz grades).

- Text that would start with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
  return) is prefixed with an apostrophe, so that a student-chosen name such as
  ``=HYPERLINK(...)`` stays text instead of becoming a live formula; any text is
  also made encodable (see :func:`autograder.sandbox.sanitise.clean_text`).
- Points are rounded once, to 4 decimals, here at the edge, and written without
  float noise or trailing zeros (``39.9833``, ``80``).
"""

from __future__ import annotations

from autograder.sandbox.sanitise import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 4


def text_cell(value: object) -> str:
    text = clean_text("" if value is None else str(value), 1000)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def points_cell(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(float(value), DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
