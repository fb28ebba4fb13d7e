"""check("...") in a real Jupyter kernel (nbclient): coloured lines, never an error output."""

from __future__ import annotations

import json
import os
import re
import sys
import time
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


def _run(cells: list[str], tmp_path, errors_allowed: bool = False) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    if errors_allowed:
        for cell in nb.cells:
            cell.metadata["tags"] = ["raises-exception"]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _stdout(nb, index: int) -> str:
    """What the cell printed, without its colours."""
    outputs = nb.cells[index].outputs
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


LEARNER_CELLS = [
    "import numpy as np\nfrom autograder.selfcheck import check",
    "__vsc_ipynb_file__ = {notebook!r}  # what VS Code tells the kernel",
    # 2: a correct softmax, checked without lang=: the notebook's metadata decides
    "def softmax(x, axis=-1, temperature=1.0):\n"
    "    if temperature <= 0:\n        raise ValueError('temperature must be positive')\n"
    "    z = np.asarray(x, dtype=float) / temperature\n"
    "    e = np.exp(z - z.max(axis=axis, keepdims=True))\n"
    "    return e / e.sum(axis=axis, keepdims=True)",
    "check('softmax')",
    # 4: a beginner's loop whose bare except swallows the alarm and the interrupt
    "import time\ndef causal_mask(seq_len):\n    while True:\n        try:\n"
    "            time.sleep(0.01)\n        except:\n            pass",
    "check('causal_mask')",
    "print('the notebook goes on')",
    # 7: a working layer_norm, then a new version with a syntax error
    "def layer_norm(x, gamma, beta, eps=1e-5):\n"
    "    x = np.asarray(x, dtype=float)\n"
    "    mean = x.mean(axis=-1, keepdims=True)\n"
    "    var = x.var(axis=-1, keepdims=True)\n"
    "    return gamma * (x - mean) / np.sqrt(var + eps) + beta",
    "def layer_norm(x, gamma, beta, eps=1e-5)\n    return x",
    "check('layer_norm')",
    # 10: a softmax that normalises the wrong axis, and an attention that uses it
    "def softmax(x, axis=-1, temperature=1.0):\n"
    "    e = np.exp(np.asarray(x, dtype=float) / temperature)\n"
    "    return e / e.sum(axis=0, keepdims=True)",
    "def scaled_dot_product_attention(q, k, v, mask=None):\n"
    "    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])\n"
    "    if mask is not None:\n        scores = np.where(mask, scores, -np.inf)\n"
    "    weights = softmax(scores)\n    return weights @ v, weights",
    "check('scaled_dot_product_attention')",
    # 13: a function written on top of one that is not started yet
    "def split_heads(x, num_heads):\n    raise NotImplementedError()",
    "def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):\n"
    "    return split_heads(x_q @ W_q, num_heads), None",
    "check('multi_head_attention')",
]


def test_when_a_learner_works_in_a_kernel_then_checks_speak_the_notebooks_language_and_never_hang(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [
        str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / ".matplotlib"))
    monkeypatch.delenv("AUTOGRADER_LANG", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    notebook = tmp_path / "module02_attention.ipynb"  # English metadata; the course's is tr
    notebook.write_text(json.dumps({"cells": [], "metadata": {"course": {
        "module": "module02", "language": "en"}}, "nbformat": 4, "nbformat_minor": 5}))
    cells = [c.format(notebook=str(notebook)) if "{notebook" in c else c for c in LEARNER_CELLS]
    started = time.monotonic()
    nb = _run(cells, tmp_path, errors_allowed=True)
    assert time.monotonic() - started < 90

    assert _stdout(nb, 3).startswith("✅ softmax: all 4 public checks passed")
    hang = _stdout(nb, 5)
    assert hang.startswith("❌ causal_mask") and "did not finish within 1 s" in hang
    assert "of Cell In[5], in causal_mask" in hang  # where it was stopped, as Jupyter names it
    assert _stdout(nb, 6) == "the notebook goes on\n"
    stale = _stdout(nb, 9)
    assert stale.startswith("✅ layer_norm")  # the checks ran on the version that exists...
    assert ("Note: Cell In[9], which defines `layer_norm`, has a syntax error on its line 1"
            in stale and "ran on the version from Cell In[8]" in stale)  # ...and say so
    hint = _stdout(nb, 12)
    assert hint.startswith("❌ scaled_dot_product_attention")
    assert ("Hint: `scaled_dot_product_attention` builds on `softmax`, which fails its own "
            "checks too" in hint)
    assert _stdout(nb, 15).startswith(
        "⏳ `multi_head_attention` calls `split_heads`, which is not started yet")
