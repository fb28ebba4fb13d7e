"""Where the repository's data lives."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
# A clone has course.yaml at its root; the student package carries a copy inside.
COURSE_FILE = next(
    (p for p in (REPO_ROOT / "course.yaml", PACKAGE_DIR / "course.yaml") if p.is_file()),
    REPO_ROOT / "course.yaml",
)
HIDDEN_TESTS_DIR = PACKAGE_DIR / "hidden"
SOLUTIONS_DIR = REPO_ROOT / "solutions"
EXERCISES_DIR = REPO_ROOT / "exercises"  # the released notebooks (what students receive)
MESSAGES_DIR = PACKAGE_DIR / "messages"
# A clone of the repository (as opposed to the installed student package): learners'
# folders (exercises/, quizzes/answers/) are the clone's; for an installed package they
# are relative to the folder the learner works in.
IN_CLONE = (REPO_ROOT / "course.yaml").is_file() and (REPO_ROOT / "pyproject.toml").is_file()


def learner_root() -> Path:
    """Where a learner's exercises/ and quizzes/answers/ are: the clone, or the current folder."""
    return REPO_ROOT if IN_CLONE else Path.cwd()
