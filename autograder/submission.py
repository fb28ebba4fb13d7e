"""Reading a submission (a notebook or a ``.py`` file) into pieces of code.

The grader reads notebook JSON itself rather than through ``nbformat``:
importing ``nbformat`` costs about a second (its JSON-schema format checkers),
more than grading a whole submission, and a tolerant reader can still grade a
notebook whose metadata a student broke. IPython syntax (``%magic``,
``!shell``, ``obj?``) is rewritten by IPython's own input transformer into
calls that the student process turns into no-ops.
"""

from __future__ import annotations

import ast
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.assignment import Release, restore_locked_cells

# Limits on what the grader itself reads and rewrites (it runs no student code, but a
# crafted file could still make it work long or deep): the whole file, one cell or
# statement, the number of code cells, and the time IPython's transformer may take.
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
MAX_CHUNK_BYTES = 1024 * 1024
MAX_CODE_CELLS = 1000
MAX_IPYTHON_LINES = 50  # IPython's transformer costs about the square of this per cell
IPYTHON_BUDGET_SECONDS = 2.0

# Code cells tagged "demo" illustrate (plots, printed tables) and define nothing that
# graded code uses; the grader does not run them. The notebook builder tags them, and
# tests/notebooks proves that grading with and without them gives the same report.
# A student who removes the tag only makes grading slower; one who adds it to their
# own cell only keeps that cell from running.
DEMO_TAG = "demo"


@dataclass(frozen=True)
class CodeChunk:
    """One unit of student code, run on its own: a notebook cell or a whole file."""

    label: str  # shown in tracebacks: "<Cell In[12]>" (executed), "<code cell 4>", "<file.py>"
    code: str


@dataclass
class Submission:
    """What was read from a submission file."""

    path: Path
    kind: str  # "notebook" or "python"
    chunks: list[CodeChunk] = field(default_factory=list)
    module: str | None = None  # the course module a notebook says it belongs to
    problem: str | None = None  # message key of why nothing can be run
    problem_detail: str = ""
    skipped: list[tuple[str, str, dict]] = field(default_factory=list)  # (label, key, params)
    restored: list[tuple[str, dict]] = field(default_factory=list)  # locked cells put back

    @property
    def module_name(self) -> str:
        return "__main__" if self.kind == "notebook" else "submission"


class SubmissionNotFound(Exception):
    """The path does not exist or is not a file (a usage error)."""


def read_submission(path: Path | str, *, skip_demos: bool = True,
                    deadline: float | None = None, release: Release | None = None) -> Submission:
    """Read ``path``; problems with its content are recorded, never raised.

    Args:
        skip_demos: leave out notebook cells tagged ``demo`` (see :data:`DEMO_TAG`).
        deadline: ``time.monotonic()`` after which IPython syntax is rewritten only by
            the fast line-by-line rewriter (:func:`neutralise_lines`).
        release: the assignment's released notebook: its locked cells are restored in a
            notebook submission (see :mod:`autograder.assignment`).
    """
    path = Path(path)
    if not path.is_file():
        raise SubmissionNotFound(f"no such file: {path}")
    kind = "notebook" if path.suffix == ".ipynb" else "python"
    submission = Submission(path=path, kind=kind)
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        submission.problem = "submission_too_large"
        return submission
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    if not text.strip():
        submission.problem = "submission_empty"
        return submission
    if kind == "python":
        label = "<" + re.sub(r"[^\w.-]", "_", path.name)[:60] + ">"
        submission.chunks = _within_limits(submission, python_statements(text, label))
        return submission
    try:
        notebook = json.loads(text)
        if release is not None and isinstance(notebook, dict):
            submission.restored = restore_locked_cells(notebook, release)
        cells = notebook_code_cells(notebook, skip_demos=skip_demos)
    except RecursionError:
        submission.problem = "notebook_too_deep"
        return submission
    except (ValueError, TypeError, AttributeError) as exc:
        submission.problem = "notebook_invalid"
        submission.problem_detail = str(exc)[:300]
        return submission
    rewriter = IPythonRewriter(deadline)
    chunks = _within_limits(submission, [CodeChunk(label, src) for label, src in cells])
    submission.chunks = [CodeChunk(c.label, rewriter.rewrite(c.code)) for c in chunks]
    course_meta = notebook.get("metadata", {}) if isinstance(notebook.get("metadata"), dict) else {}
    module = course_meta.get("course", {}).get("module") if isinstance(
        course_meta.get("course"), dict) else None
    submission.module = module if isinstance(module, str) else None
    if not any(chunk.code.strip() for chunk in submission.chunks):
        submission.problem = "notebook_no_code"
    return submission


def _within_limits(submission: Submission, chunks: list[CodeChunk]) -> list[CodeChunk]:
    """``chunks`` without those over the size limit and beyond the count limit (noted)."""
    kept: list[CodeChunk] = []
    for chunk in chunks:
        if len(kept) == MAX_CODE_CELLS:
            submission.skipped.append((chunk.label, "skip.too_many_cells",
                                       {"limit": MAX_CODE_CELLS}))
            break
        size = len(chunk.code.encode("utf-8", "replace"))
        if size > MAX_CHUNK_BYTES:
            submission.skipped.append((chunk.label, "skip.cell_too_large",
                                       {"size": size // 1024, "limit": MAX_CHUNK_BYTES // 1024}))
            continue
        kept.append(chunk)
    return kept


def python_statements(text: str, label: str) -> list[CodeChunk]:
    """A ``.py`` file as one chunk per top-level statement, so that a statement that
    raises (or calls ``sys.exit()``) costs only itself, like a notebook cell.

    Each chunk keeps its line numbers (it is padded with blank lines) and the
    file's ``from __future__`` imports. A file that does not parse stays one
    chunk, so that Python reports the syntax error with its line.
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [CodeChunk(label, text)]
    lines = text.splitlines(keepends=True)
    spans: list[list[int]] = []
    future: list[str] = []
    for node in tree.body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        end = node.end_lineno or node.lineno
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            future.append("".join(lines[start - 1:end]).strip())
        if spans and start <= spans[-1][1]:  # statements sharing a line stay together
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    prefix = "; ".join(future)
    chunks = []
    for start, end in spans:
        padding = ["\n"] * (start - 1)
        if prefix and padding:
            padding[0] = prefix + "\n"
        chunks.append(CodeChunk(label, "".join(padding + lines[start - 1:end])))
    return chunks


def notebook_code_cells(notebook: dict, *, skip_demos: bool = True) -> list[tuple[str, str]]:
    """``(label, source)`` of each code cell to run, for nbformat 4 and 3 notebooks.

    The label names the cell as Jupyter shows it: ``<Cell In[12]>`` for a cell that ran
    (its execution count, as in IPython's tracebacks), else ``<code cell 4>`` (the 4th
    code cell from the top, counting every code cell).
    """
    if not isinstance(notebook, dict):
        raise ValueError("a notebook is a JSON object")
    if "cells" in notebook:
        cells = notebook["cells"]
        key, count_key = "source", "execution_count"
    else:  # nbformat 3 keeps cells in worksheets, code in "input"
        cells = [c for ws in notebook.get("worksheets", []) for c in ws.get("cells", [])]
        key, count_key = "input", "prompt_number"
    if not isinstance(cells, list):
        raise ValueError("the notebook's cells are not a list")
    found = []
    code_cells = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_cells += 1
        if is_test_cell(cell) or (skip_demos and is_demo_cell(cell)):
            continue
        source = cell.get(key, "")
        if isinstance(source, list):
            source = "".join(str(line) for line in source)
        count = cell.get(count_key)
        valid = isinstance(count, int) and not isinstance(count, bool) and 0 < count < 10**9
        found.append((f"<Cell In[{count}]>" if valid else f"<code cell {code_cells}>",
                      str(source)))
    return found


def is_test_cell(cell: dict) -> bool:
    """An nbgrader autograder-test cell: the instructor's code, not the student's."""
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return isinstance(nbgrader, dict) and bool(nbgrader.get("grade")) and not nbgrader.get(
        "solution"
    )


def is_demo_cell(cell: dict) -> bool:
    meta = cell.get("metadata")
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return isinstance(tags, list) and DEMO_TAG in tags


# A line IPython's transformer might rewrite: one that starts with an escape (% ! ? and the
# autocall escapes / , ;), assigns the result of a magic or shell escape, or ends with ?.
# Code without such a line is plain Python and is left as it is (importing IPython for it
# costs more than grading a notebook's public checks).
_IPYTHON_SYNTAX = re.compile(
    r"^[ \t]*[%!?/,;]|^[ \t]*[\w.\[\], \t]+=[ \t]*[%!]|\?[ \t]*$", re.MULTILINE
)
# A line that IPython would treat as a magic, a shell escape or a help request.
_MAGIC_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<target>[\w.\[\], \t]+=[ \t]*)?[%!]")
_HELP_LINE = re.compile(r"^[ \t]*[\w.]+[ \t]*\?{1,2}[ \t]*$|^[ \t]*\?{1,2}[\w.]+[ \t]*$")
# Cell magics whose body is Python and runs (as the student process's stand-in does).
RUNNING_CELL_MAGICS = ("time", "timeit", "capture", "prun")


def magic_lines(source: str) -> int:
    return sum(1 for line in source.splitlines()
               if _MAGIC_LINE.match(line) or _HELP_LINE.match(line))


def neutralise_lines(source: str) -> str:
    """The fast rewriter: each IPython line becomes ``pass`` (or ``name = None``).

    Used where IPython's own transformer would take too long (many magic lines).
    """
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if name not in RUNNING_CELL_MAGICS:
            return "pass\n"  # the body is not Python (%%bash, %%html...): nothing runs
        lines = ["", *lines[1:]]
    out = []
    for line in lines:
        match = _MAGIC_LINE.match(line)
        if match:
            target = (match.group("target") or "").rstrip(" \t=")
            out.append(f"{match.group('indent')}{target + ' = None' if target else 'pass'}")
        elif _HELP_LINE.match(line):
            out.append(line[: len(line) - len(line.lstrip())] + "pass")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def neutralise_ipython(source: str) -> str:
    """Rewrite IPython-only syntax into plain Python calls on ``get_ipython()``."""
    if not _IPYTHON_SYNTAX.search(source):
        return source
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # IPython could not parse it either: let Python report the error
        return source


class IPythonRewriter:
    """IPython's transformer while it stays cheap; the fast rewriter after that.

    A cell with more than :data:`MAX_IPYTHON_LINES` magic lines, and every cell
    once :data:`IPYTHON_BUDGET_SECONDS` (or the submission's deadline) is spent,
    goes to :func:`neutralise_lines`.
    """

    def __init__(self, deadline: float | None = None) -> None:
        budget_end = time.monotonic() + IPYTHON_BUDGET_SECONDS
        self.stop_at = min(budget_end, deadline) if deadline else budget_end

    def rewrite(self, source: str) -> str:
        if not _IPYTHON_SYNTAX.search(source):
            return source
        if time.monotonic() > self.stop_at or magic_lines(source) > MAX_IPYTHON_LINES:
            return neutralise_lines(source)
        return neutralise_ipython(source)
