"""Demo cells (tagged ``demo`` by the notebook builder) are not run when grading.

Skipping them must never change a grade: the instructor and released notebooks
of both modules get the same report either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.engine import grade_path
from autograder.paths import REPO_ROOT
from autograder.submission import DEMO_TAG, read_submission

NOTEBOOKS = sorted((REPO_ROOT / "solutions" / "notebooks" / "en").glob("*.ipynb")) + sorted(
    (REPO_ROOT / "exercises" / "en").glob("*.ipynb")
)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_skipping_demo_cells_gives_the_same_grades(path: Path):
    fast = grade_path(path, lang="en")
    full = grade_path(path, lang="en", skip_demos=False)
    assert [(t.name, t.score, t.status) for t in fast.tests] == [
        (t.name, t.score, t.status) for t in full.tests
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_only_builder_code_cells_are_tagged_demo(path: Path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    demo = [c for c in cells if DEMO_TAG in c.get("metadata", {}).get("tags", [])]
    assert demo, "the builder tags the notebook's illustration cells"
    assert all("nbgrader" not in c["metadata"] for c in demo)
    kept = read_submission(path).chunks
    assert len(kept) < len(read_submission(path, skip_demos=False).chunks)
