"""Shared fixtures of the project's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.paths import SOLUTIONS_DIR


def reference_source() -> str:
    """The reference solutions as one standalone student-style file."""
    parts = []
    for name in ("transformer.py", "seq2seq.py"):
        lines = (SOLUTIONS_DIR / name).read_text(encoding="utf-8").splitlines()
        parts.extend(line for line in lines if not line.startswith("from solutions"))
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
