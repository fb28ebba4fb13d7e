"""Where the repository's data lives."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
COURSE_FILE = REPO_ROOT / "course.yaml"
HIDDEN_TESTS_DIR = PACKAGE_DIR / "hidden"
SOLUTIONS_DIR = REPO_ROOT / "solutions"
MESSAGES_DIR = PACKAGE_DIR / "messages"
