"""Which checks a self-study run uses: the public checks, or the hidden suite."""

from __future__ import annotations

from pathlib import Path

from autograder.paths import HIDDEN_TESTS_DIR, PACKAGE_DIR

PUBLIC_TESTS_DIR = PACKAGE_DIR / "public"


class HiddenSuiteMissing(Exception):
    """``--full`` was asked for, but this copy of the course has no hidden tests."""

    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"--full runs the complete hidden suite, but this copy has no hidden tests in "
            f"{directory}. Student copies of the course leave them out; self-study copies "
            f"(a clone of the whole repository) have them. Run without --full to use the "
            f"public checks."
        )


def has_tests(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("test_*.py"))


def suite_dir(full: bool = False, hidden_dir: Path = HIDDEN_TESTS_DIR) -> Path:
    """The test directory for ``grade_path(..., tests_dir=)``.

    Raises:
        HiddenSuiteMissing: ``full`` is set and ``hidden_dir`` has no tests.
    """
    if not full:
        return PUBLIC_TESTS_DIR
    if not has_tests(hidden_dir):
        raise HiddenSuiteMissing(hidden_dir)
    return hidden_dir
