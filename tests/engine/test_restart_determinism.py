"""A restart changes nothing: a student process restarted after a hang or crash holds what
the first load left, including the effects of a cell that raised part-way.

Each submission of a small corpus is graded twice through the engine: as usual, and with
its student process killed right after loading (so the first call restarts and replays).
Every check must get the same result.
"""

from __future__ import annotations

import json

import pytest

from autograder import engine, student
from autograder.student import StudentProgram
from tests.conftest import reference_source

HALF_RUN = '''
def _as_array(x):
    return np.asarray(x, dtype=float)

raise RuntimeError("stops half-way: _as_array is already defined")
'''
USES_HELPER = '''
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = _as_array(x) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''
GLOBAL_STATE = '''
CALLS = []
def causal_mask(seq_len):
    CALLS.append(seq_len)  # state that calls change: not part of what a load leaves
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be positive")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
'''


def notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
        for c in cells]})


CORPUS = {
    "complete": notebook(reference_source()),
    "half_run_cell": notebook(reference_source(), HALF_RUN, USES_HELPER),
    "raising_setup": notebook("import numpy as np\nimport not_a_module_xyz\n",
                              reference_source().replace("import numpy as np", "")),
    "global_state": notebook(reference_source(), GLOBAL_STATE),
}


class RestartedAfterLoad(StudentProgram):
    """A program whose process dies right after loading: the first call restarts it."""

    killed = 0

    def load(self) -> None:
        super().load()
        self._process.kill()
        RestartedAfterLoad.killed += 1


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_forced_restart_gives_every_check_the_same_result(name, tmp_path, monkeypatch):
    path = tmp_path / f"{name}.ipynb"
    path.write_text(CORPUS[name], encoding="utf-8")
    functions = ["softmax", "causal_mask", "layer_norm"]
    first = engine.grade_path(path, functions=functions, lang="en")
    monkeypatch.setattr(student, "StudentProgram", RestartedAfterLoad)  # what loading uses
    killed = RestartedAfterLoad.killed
    again = engine.grade_path(path, functions=functions, lang="en")
    assert RestartedAfterLoad.killed == killed + 1, "the second grading really restarted"
    assert [(t.name, t.score, t.status) for t in again.tests] == [
        (t.name, t.score, t.status) for t in first.tests]
    if name in ("half_run_cell", "raising_setup"):
        assert first.load_notes, "the corpus entry raises while loading"
    assert sum(t.score for t in first.tests if t.function == "softmax") == pytest.approx(10)
