"""Run a notebook top to bottom in a real Jupyter kernel (nbclient), and check its claims.

Used by the project's tests; instructors can use it to try a notebook edit.
The ``python3`` kernelspec is started: jupyter_client replaces its ``python``
argv with ``sys.executable``, so the kernel is the interpreter running this code.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from autograder.config import Language
from autograder.notebooks.build import build_notebook
from autograder.notebooks.source import MarkdownCell, load_source, source_path

CELL_TIMEOUT_SECONDS = 120


def execute_notebook(
    nb: NotebookNode, cwd: Path, *, allow_errors: bool = False, timeout: int = CELL_TIMEOUT_SECONDS
) -> NotebookNode:
    """Run every cell of ``nb`` (in place) in a fresh ``python3`` kernel started in ``cwd``."""
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return nb


def notebook_with_claims(notebook: str, lang: Language) -> NotebookNode:
    """The instructor notebook with an ``assert`` cell after every text that states claims.

    A claim is a Python expression in the source (``claims:`` of a markdown
    cell) that must hold once the cells above it have run: it backs a number or
    a trend the text states.
    """
    source = load_source(source_path(notebook))
    nb = build_notebook(source, lang)
    position = {cell.id: i for i, cell in enumerate(nb.cells)}
    inserts = []
    for index, cell in enumerate(source.cells):
        if isinstance(cell, MarkdownCell) and cell.claims:
            code = "\n".join(f"assert {claim}, {claim!r}" for claim in cell.claims)
            inserts.append((position[f"md-{index:02d}"] + 1, index, code))
    for at, index, code in sorted(inserts, reverse=True):
        nb.cells.insert(at, nbformat.v4.new_code_cell(code, id=f"claims-{index:02d}"))
    return nb


def error_outputs(nb: NotebookNode) -> list[tuple[str, str]]:
    """``(cell id, error name)`` of every error output of ``nb``."""
    return [
        (cell.id, output.ename)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]


def stdout_of(cell: NotebookNode) -> str:
    """Everything a code cell printed."""
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
