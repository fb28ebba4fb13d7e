"""Why the function a check finds in the kernel may not be the learner's latest version.

In a notebook, a cell that fails (a syntax error, an exception before its ``def``)
leaves the previous definition in place, or none. IPython keeps every input that ran
(``In``) and knows which cell each function's code came from, so
:func:`definition_note` can say "Cell In[14], which defines `softmax`, has a syntax
error (line 3); these checks ran on the version from Cell In[9]".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from autograder.feedback import cap, message

CELL_NUMBER = re.compile(r"In\[(\d+)\]")


def definition_note(name: str, namespace: Mapping[str, object], lang: str) -> str | None:
    """A note when the latest cell that defines ``name`` did not define it, else None."""
    from autograder.selfstudy.in_process import ipython_shell

    shell = ipython_shell()
    inputs = namespace.get("In")
    if shell is None or not isinstance(inputs, list):
        return None
    defines = re.compile(rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(name)}\b", re.MULTILINE)
    latest = next((n for n in range(len(inputs) - 1, 0, -1)
                   if isinstance(inputs[n], str) and defines.search(inputs[n])), None)
    if latest is None:
        return None
    function = namespace.get(name)
    current = _cell_of(shell, function) if callable(function) else None
    if current is not None and current >= latest:
        return None
    reason = _why_not(shell, inputs[latest], lang)
    if current is None:
        return message("selfstudy.check.not_defined_because", lang, function=name,
                       cell=f"Cell In[{latest}]", reason=reason)
    return message("selfstudy.check.stale_definition", lang, function=name,
                   cell=f"Cell In[{latest}]", reason=reason, used=f"Cell In[{current}]")


def _cell_of(shell, function) -> int | None:
    """The execution count of the cell ``function``'s code comes from (None if unknown)."""
    try:
        named = shell.compile.format_code_name(function.__code__.co_filename)
    except Exception:
        return None
    found = CELL_NUMBER.search(" ".join(named)) if named else None
    return int(found.group(1)) if found else None


def _why_not(shell, source: str, lang: str) -> str:
    try:
        compile(shell.transform_cell(source), "<cell>", "exec")
    except SyntaxError as exc:
        return message("selfstudy.cause.syntax_error", lang,
                       error=cap(exc.msg or "SyntaxError", lang), line=exc.lineno or "?")
    except Exception:
        pass
    return message("selfstudy.cause.stopped", lang)
