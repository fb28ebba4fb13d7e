"""Fixtures of the self-study tests: learner notebooks and a pytest run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
import pytest

from autograder.paths import REPO_ROOT

COMPLETED = REPO_ROOT / "solutions" / "notebooks"  # instructor notebooks: every exercise done
RELEASED = REPO_ROOT / "exercises"  # what a learner starts from: every exercise a stub


def plugin_args() -> list[str]:
    """``-p autograder.pytest_plugin`` unless the entry point already loads it."""
    names = {ep.name for ep in entry_points(group="pytest11")}
    return [] if "transformer_course" in names else ["-p", "autograder.pytest_plugin"]


def run_pytest(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m pytest ARGS`` as a learner runs it, in ``cwd``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugin_args(), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )


def with_cell(source: Path, code: str, destination: Path) -> Path:
    """A copy of the notebook ``source`` with one more code cell at the end."""
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    destination.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, destination)
    return destination


@pytest.fixture
def learner_copy(tmp_path):
    """Copy a course notebook into a learner's folder: ``learner_copy(kind, lang, module, code)``.

    ``kind`` is ``"completed"`` or ``"released"``; ``code`` (optional) is appended as a
    last cell, which redefines a function as a learner's edit would.
    """

    def copy(kind: str, lang: str, module: str, code: str = "") -> Path:
        source = (COMPLETED if kind == "completed" else RELEASED) / lang / f"{module}.ipynb"
        destination = tmp_path / "exercises" / lang / f"{module}.ipynb"
        return with_cell(source, code or "# no change", destination)

    return copy
