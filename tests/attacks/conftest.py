"""Fixtures of the attack and containment tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from autograder.paths import COURSE_FILE


@pytest.fixture(scope="session")
def fast_course(tmp_path_factory) -> Path:
    """The course file with short time limits, so that hangs end quickly."""
    config = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    config["sandbox"].update(call_timeout_seconds=2, cell_timeout_seconds=5,
                             total_timeout_seconds=40)
    path = tmp_path_factory.mktemp("course") / "course.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path
