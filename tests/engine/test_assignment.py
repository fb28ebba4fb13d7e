"""Locked cells of a released notebook are restored by grade id, and only for released notebooks."""

from __future__ import annotations

import copy
import json

from autograder.assignment import load_release, restore_locked_cells
from autograder.paths import EXERCISES_DIR

NOTEBOOK = "module02_attention"


def released_notebook() -> dict:
    return json.loads((EXERCISES_DIR / "en" / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))


def grade_ids(notebook: dict) -> list[str]:
    return [c["metadata"].get("nbgrader", {}).get("grade_id") for c in notebook["cells"]
            if c["cell_type"] == "code"]


def test_an_untouched_release_needs_nothing_restored():
    notebook = released_notebook()
    before = [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]
    assert restore_locked_cells(notebook, load_release(NOTEBOOK)) == []
    assert [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]] == before


def test_a_deleted_locked_cell_comes_back_in_its_place():
    notebook = released_notebook()
    original = grade_ids(notebook)
    locked = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("locked")
                  and not c["metadata"]["nbgrader"].get("grade"))
    notebook["cells"].remove(locked)
    notes = restore_locked_cells(notebook, load_release(NOTEBOOK))
    grade_id = locked["metadata"]["nbgrader"]["grade_id"]
    assert notes == [("load.locked_restored", {"cell": grade_id})]
    assert grade_ids(notebook) == original


def test_an_edited_locked_cell_gets_the_release_source_back():
    notebook = released_notebook()
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("locked")
                and not c["metadata"]["nbgrader"].get("grade"))
    released_source = "".join(cell["source"])
    cell["source"] = "def as_float(x):\n    return 42\n"
    notes = restore_locked_cells(notebook, load_release(NOTEBOOK))
    assert notes == [("load.locked_replaced", {"cell": cell["metadata"]["nbgrader"]["grade_id"]})]
    assert cell["source"] == released_source


def test_invented_test_metadata_makes_a_cell_plain_student_code():
    notebook = released_notebook()
    fake = {"cell_type": "code", "source": "x = 1", "outputs": [], "execution_count": None,
            "metadata": {"nbgrader": {"grade_id": "test_bonus", "grade": True, "points": 50}}}
    notebook["cells"].append(fake)
    restore_locked_cells(notebook, load_release(NOTEBOOK))
    assert "nbgrader" not in fake["metadata"]


def test_a_notebook_not_made_from_the_release_is_left_alone():
    own = {"cells": [{"cell_type": "code", "source": "import numpy as np", "metadata": {}},
                     {"cell_type": "code", "source": "y = 2",
                      "metadata": {"nbgrader": {"grade_id": ["not", "hashable"]}}}]}
    before = copy.deepcopy(own)
    assert restore_locked_cells(own, load_release(NOTEBOOK)) == []
    assert own == before


def test_a_turkish_notebook_is_restored_from_the_turkish_release_whatever_the_feedback_language():
    notebook = json.loads((EXERCISES_DIR / "tr" / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    setup = next(c for c in notebook["cells"]
                 if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    turkish_setup = "".join(setup["source"])
    notebook["cells"].remove(setup)
    notes = restore_locked_cells(notebook, load_release(NOTEBOOK))
    assert notes == [("load.locked_restored", {"cell": "setup"})]  # nothing else "replaced"
    restored = next(c for c in notebook["cells"]
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    assert restored["source"] == turkish_setup
