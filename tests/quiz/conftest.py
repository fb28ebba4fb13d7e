"""Shared fixtures of the quiz tests: the real bank (loaded once) and a small fixture bank."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.quiz.bank import Bank, load_bank

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="session")
def mini_bank() -> Bank:
    """One item of every type plus two parametrised ones (tests/quiz/fixtures/mini.yaml)."""
    return load_bank([FIXTURES / "mini.yaml"])


@pytest.fixture
def check_golden():
    """Compare a text with a file in ``golden/``; ``UPDATE_GOLDEN=1`` rewrites the file."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} changed; UPDATE_GOLDEN=1 to accept")

    return check


@pytest.fixture
def write_bank(tmp_path: Path):
    """Write a bank file with the given items (YAML text indented as list entries)."""

    def write(items_yaml: str, module: str = "module02") -> Path:
        path = tmp_path / "bank.yaml"
        text = f"schema_version: 1\nmodule: {module}\nitems:\n{items_yaml}"
        path.write_text(text, encoding="utf-8")
        return path

    return write
