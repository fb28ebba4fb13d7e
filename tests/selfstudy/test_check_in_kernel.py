"""check("...") in a real Jupyter kernel (nbclient): coloured lines, never an error output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.paths import REPO_ROOT

pytestmark = pytest.mark.slow

CELLS = [
    "import numpy as np\nfrom autograder.selfcheck import check",
    "def softmax(x, axis=-1, temperature=1.0):\n    raise NotImplementedError()",
    "check('softmax', lang='en')",
    "def causal_mask(seq_len):\n    return np.tril(np.ones((seq_len, seq_len)))  # not boolean",
    "check('causal_mask', lang='en')",
    "check('merge_heads', lang='en')",
    "check('no_such_function', lang='en')",
]


def test_when_check_cells_run_in_a_kernel_then_they_print_coloured_results_and_never_fail(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [
        str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / ".matplotlib"))
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent),
                                                os.environ.get("PATH", "")]))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    def stdout(index: int) -> str:
        outputs = nb.cells[index].outputs
        assert all(o.output_type != "error" for o in outputs), outputs
        return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")

    assert stdout(2).startswith("⏳ ")
    wrong = stdout(4)
    assert wrong.startswith("❌ ") and "\x1b[" in wrong  # ANSI colour, which Jupyter shows
    assert "should be a boolean array" in wrong or "boolean" in wrong
    assert stdout(5).startswith("❓ ")
    assert stdout(6).startswith("❓ ")
