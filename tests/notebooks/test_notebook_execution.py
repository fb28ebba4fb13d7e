"""The notebooks run top to bottom in a real Jupyter kernel (nbclient)."""

from __future__ import annotations

import sys

import nbformat
import pytest

from autograder.config import LANGUAGES, course
from autograder.notebooks.build import notebook_path
from autograder.notebooks.release import EXERCISES_DIR
from autograder.notebooks.run import (
    error_outputs,
    execute_notebook,
    notebook_with_claims,
    stdout_of,
)

CASES = [(m.notebook, lang) for m in course().modules for lang in LANGUAGES]
# What a check cell prints in each language: the notebook's own, under nbclient too.
PASSED = {"en": "public checks passed", "tr": "açık kontrolün hepsi geçti"}
NOT_STARTED = {"en": "not started yet", "tr": "henüz başlanmadı"}
GIVEN_CELLS = ("setup", "given-", "solution-", "check-", "test-")


def test_when_kernel_starts_then_it_runs_this_interpreter(kernel_env):
    cell = nbformat.v4.new_code_cell("import sys; print(sys.executable)")
    execute_notebook(nbformat.v4.new_notebook(cells=[cell]), kernel_env)
    assert stdout_of(cell).strip() == sys.executable


@pytest.mark.slow
@pytest.mark.parametrize(("notebook", "lang"), CASES)
def test_when_source_notebook_runs_then_no_cell_fails_and_every_claim_holds(
    notebook, lang, kernel_env
):
    nb = execute_notebook(notebook_with_claims(notebook, lang), kernel_env)
    assert error_outputs(nb) == []
    checks = [cell for cell in nb.cells if cell.id.startswith("check-")]
    assert len(checks) == len(course().module_of(checks[0].id[6:]).functions)
    for cell in checks:
        assert stdout_of(cell).startswith("✅"), (cell.id, stdout_of(cell))
        assert PASSED[lang] in stdout_of(cell), (cell.id, stdout_of(cell))


@pytest.mark.slow
@pytest.mark.parametrize(("notebook", "lang"), CASES)
def test_when_released_notebook_runs_then_only_unwritten_exercises_raise(
    notebook, lang, kernel_env
):
    released = nbformat.read(notebook_path(notebook, lang, EXERCISES_DIR), as_version=4)
    nb = execute_notebook(released, kernel_env, allow_errors=True)
    errors = error_outputs(nb)
    assert errors, "demo cells that use an unwritten exercise raise"
    assert {name for _, name in errors} == {"NotImplementedError"}, errors
    assert not [cell_id for cell_id, _ in errors if cell_id.startswith(GIVEN_CELLS)]
    for cell in nb.cells:
        if cell.id.startswith("check-"):
            assert stdout_of(cell).startswith("⏳"), (cell.id, stdout_of(cell))
            assert NOT_STARTED[lang] in stdout_of(cell), (cell.id, stdout_of(cell))
