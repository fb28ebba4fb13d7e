"""Text that comes back from student code, made safe to store, render and print.

Everything a student process sends (exception messages, tracebacks,
signatures, printed output, strings inside returned values) passes through
:func:`clean_text` before any report, log or terminal sees it:

- lone surrogates (``"\\udc80"``), which no UTF-8 encoder accepts, become U+FFFD;
- terminal escape sequences (colours, cursor moves, window titles, hyperlinks)
  are removed, and so are the other control characters but tab and newline
  (NUL included), and the bidirectional overrides that can make text read
  differently from what it is;
- the text is capped at ``limit`` characters, with a note saying how much was cut.
"""

from __future__ import annotations

import json
import re
from typing import overload

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-character escapes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# In JSON text: a byte that is not printable ASCII, or a backslash (an escape may stand for
# any character). Text without them holds only printable ASCII strings.
_NOT_PLAIN_JSON = re.compile(rb"[^\x20-\x5b\x5d-\x7e]")

DEFAULT_LIMIT = 4000


def clean_text(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """``text`` as a safe string of at most about ``limit`` characters."""
    text = text if isinstance(text, str) else str(text)
    if not (text.isascii() and text.isprintable()):  # else there is nothing to remove
        text = _SURROGATES.sub("\ufffd", text)
        text = _ESCAPES.sub("", text.replace("\r\n", "\n"))
        text = _CONTROLS.sub("", text)
    if len(text) > limit:
        cut = len(text) - limit
        text = f"{text[:limit]}[... {cut} more characters not shown]"
    return text


@overload
def clean_tree(value: dict, limit: int = DEFAULT_LIMIT) -> dict: ...
@overload
def clean_tree(value: list, limit: int = DEFAULT_LIMIT) -> list: ...
@overload
def clean_tree(value: object, limit: int = DEFAULT_LIMIT) -> object: ...
def clean_tree(value: object, limit: int = DEFAULT_LIMIT) -> object:
    """``value`` with every string in it (keys too) passed through :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value, limit)
    if isinstance(value, list):
        return [clean_tree(item, limit) for item in value]
    if isinstance(value, dict):
        return {clean_text(k, limit): clean_tree(v, limit) for k, v in value.items()}
    return value


def loads_clean(raw: bytes, limit: int = DEFAULT_LIMIT) -> object:
    """``json.loads(raw)`` with every string in it passed through :func:`clean_text`.

    Most replies are short printable ASCII without escapes: every string in them is
    clean and shorter than ``limit`` already, so one scan of the bytes replaces the
    walk over the tree.
    """
    value = json.loads(raw)
    if len(raw) <= limit and not _NOT_PLAIN_JSON.search(raw):
        return value
    return clean_tree(value, limit)
