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
from dataclasses import dataclass, field
from pathlib import Path

MAX_SUBMISSION_BYTES = 20 * 1024 * 1024

# Code cells tagged "demo" illustrate (plots, printed tables) and define nothing that
# graded code uses; the grader does not run them. The notebook builder tags them, and
# tests/notebooks proves that grading with and without them gives the same report.
# A student who removes the tag only makes grading slower; one who adds it to their
# own cell only keeps that cell from running.
DEMO_TAG = "demo"


@dataclass(frozen=True)
class CodeChunk:
    """One unit of student code, run on its own: a notebook cell or a whole file."""

    label: str  # shown in tracebacks, e.g. "<cell 4>"
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

    @property
    def module_name(self) -> str:
        return "__main__" if self.kind == "notebook" else "submission"


class SubmissionNotFound(Exception):
    """The path does not exist or is not a file (a usage error)."""


def read_submission(path: Path | str, *, skip_demos: bool = True) -> Submission:
    """Read ``path``; problems with its content are recorded, never raised.

    Args:
        skip_demos: leave out notebook cells tagged ``demo`` (see :data:`DEMO_TAG`).
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
        submission.chunks = python_statements(text, f"<{path.name}>")
        return submission
    try:
        notebook = json.loads(text)
        cells = notebook_code_cells(notebook, skip_demos=skip_demos)
    except (ValueError, TypeError, AttributeError) as exc:
        submission.problem = "notebook_invalid"
        submission.problem_detail = str(exc)[:300]
        return submission
    submission.chunks = [
        CodeChunk(f"<cell {index}>", neutralise_ipython(source)) for index, source in cells
    ]
    course_meta = notebook.get("metadata", {}) if isinstance(notebook.get("metadata"), dict) else {}
    module = course_meta.get("course", {}).get("module") if isinstance(
        course_meta.get("course"), dict) else None
    submission.module = module if isinstance(module, str) else None
    if not any(chunk.code.strip() for chunk in submission.chunks):
        submission.problem = "notebook_no_code"
    return submission


def python_statements(text: str, label: str) -> list[CodeChunk]:
    """A ``.py`` file as one chunk per top-level statement, so that a statement that
    raises (or calls ``sys.exit()``) costs only itself, like a notebook cell.

    Each chunk keeps its line numbers (it is padded with blank lines) and the
    file's ``from __future__`` imports. A file that does not parse stays one
    chunk, so that Python reports the syntax error with its line.
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
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


def notebook_code_cells(notebook: dict, *, skip_demos: bool = True) -> list[tuple[int, str]]:
    """``(position, source)`` of each code cell to run, for nbformat 4 and 3 notebooks."""
    if not isinstance(notebook, dict):
        raise ValueError("a notebook is a JSON object")
    if "cells" in notebook:
        cells = notebook["cells"]
        key = "source"
    else:  # nbformat 3 keeps cells in worksheets, code in "input"
        cells = [c for ws in notebook.get("worksheets", []) for c in ws.get("cells", [])]
        key = "input"
    if not isinstance(cells, list):
        raise ValueError("the notebook's cells are not a list")
    found = []
    for position, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        if skip_demos and is_demo_cell(cell):
            continue
        source = cell.get(key, "")
        if isinstance(source, list):
            source = "".join(str(line) for line in source)
        found.append((position, str(source)))
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


def neutralise_ipython(source: str) -> str:
    """Rewrite IPython-only syntax into plain Python calls on ``get_ipython()``."""
    if not any(marker in source for marker in ("%", "!", "?")):
        return source
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # IPython could not parse it either: let Python report the error
        return source
