"""Fixtures of the notebook tests.

Kernel choice: the tests start the ``python3`` kernelspec with nbclient. Its
argv begins with ``python``, which jupyter_client replaces with
``sys.executable``, so the kernel is this venv's interpreter whichever
``python3`` spec is found first (``test_when_kernel_starts_then_it_runs_this_
interpreter`` checks it); no kernelspec has to be installed. The kernel imports
``autograder`` and ``solutions`` from the repository through ``PYTHONPATH``, as
an instructor's checkout does after ``pip install -e .``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from autograder.paths import REPO_ROOT


@pytest.fixture
def kernel_env(monkeypatch, tmp_path) -> Path:
    """Environment for kernels and nbgrader started by a test; returns a scratch directory."""
    paths = [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / ".matplotlib"))
    bin_dir = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from PATH
    monkeypatch.setenv("PATH", os.pathsep.join([bin_dir, os.environ.get("PATH", "")]))
    return tmp_path


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """The nbgrader course of ``nbgrader_class.py``, graded once for the whole session."""
    from tests.notebooks.nbgrader_class import build_graded_class

    return build_graded_class(tmp_path_factory.mktemp("nbgrader-class"))
