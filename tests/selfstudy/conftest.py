"""Fixtures of the self-study tests: learner notebooks and pytest runs (in this process, or in
a subprocess where a real process matters)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PytestRun:
    """What a pytest run printed and returned."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def _grader_imported() -> None:
    """The grader imported before any ``pytester`` snapshot of ``sys.modules``: pytester drops
    what a run imported, and NumPy cannot be imported twice in one process. Every run then
    shares one grader and one sandbox fork server, as one learner's pytest process does."""
    import autograder.engine
    import autograder.loading
    import autograder.sandbox.zygote  # noqa: F401


@pytest.fixture
def run_inprocess(_grader_imported, pytester, monkeypatch):
    """``run_inprocess(*args, cwd=folder)``: pytest ARGS as a learner runs it in ``folder``,
    in this process (``pytester``): the plugin comes from its entry point, as installed."""
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)

    def run(*args: str, cwd: Path) -> PytestRun:
        monkeypatch.chdir(cwd)
        try:
            # a learner's process imports the grader after pytest: no "already imported,
            # cannot be rewritten" warning, which would change the summary line
            result = pytester.runpytest_inprocess(
                "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestAssertRewriteWarning",
                *plugin_args(), *args)
        finally:
            gc.unfreeze()  # the plugin freezes what a notebook-only run leaves; this run goes on
        return PytestRun(int(result.ret), "\n".join(result.outlines),
                         "\n".join(result.errlines))

    return run


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
