"""Shared fixtures of the project's own tests."""

from __future__ import annotations

import ast
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.paths import REPO_ROOT, SOLUTIONS_DIR

pytest_plugins = ["pytester"]  # here, not in pyproject's addopts: a learner's run needs none


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the workers grade side by side: declared (to them and to the
    graders they start), so that no grader polls for its student process's answers on a
    core another worker needs (see autograder.sandbox.waiting)."""
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers and workers.isdigit():
        os.environ.setdefault("AUTOGRADER_GRADINGS_AT_ONCE", workers)


def pytest_collection_finish(session: pytest.Session) -> None:
    """PyTorch (the tests' independent implementation) on one thread: its small operations
    gain nothing from more, and on a busy machine its threads wait for each other (the
    greedy decoding of 20 numbers took 17 s on two threads under load, 0.5 s on one)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


# The reference solutions of every module, in the order they build on each other.
REFERENCE_FILES = ("transformer.py", "seq2seq.py", "decoder.py")


def reference_source() -> str:
    """The reference solutions as one standalone student-style file.

    The imports between the reference modules (``from solutions... import ...``, on one
    line or several) are left out: every function they import is defined above them.
    """
    parts = []
    for name in REFERENCE_FILES:
        text = (SOLUTIONS_DIR / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        internal = {
            line
            for node in ast.parse(text).body
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("solutions")
            for line in range(node.lineno - 1, node.end_lineno)
        }
        parts.extend(line for index, line in enumerate(lines) if index not in internal)
    future = "from __future__ import annotations"
    body = [line for line in parts if line != future]
    return "\n".join([future, *body]) + "\n"


@pytest.fixture(scope="session")
def reference_submission(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.py"
    path.write_text(reference_source(), encoding="utf-8")
    return path


@pytest.fixture
def write_submission(tmp_path):
    """Write a submission file from source text (or notebook JSON) and return its path."""

    def write(text: str, name: str = "submission.py") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class Ran:
    """What a command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_main(capsys, monkeypatch):
    """``run_main(*args)``: ``python -m autograder ARGS`` run from the repository root in this
    process (``autograder.cli.main``), for the tests of what a command does with its
    arguments; each command keeps one test through a real process. An uncaught exception
    fails the test (a real process would print a traceback)."""
    from autograder.cli import main

    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")  # what main sets for itself

    def run(*args: str) -> Ran:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code if isinstance(exit.code, int) else 1
        finally:
            gc.unfreeze()  # main freezes what is left for a process about to exit; this one goes on
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run
