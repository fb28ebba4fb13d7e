"""``python -m autograder nbgrader-course DIR``: a ready nbgrader course directory."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.config import course
from autograder.notebooks.course_dir import AUTOGRADE_PREPROCESSORS, scaffold_course


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
def test_when_scaffolded_then_config_and_one_assignment_per_module_exist(tmp_path):
    result = _run("nbgrader-course", str(tmp_path / "course"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "course"
    for module in course().modules:
        assert (root / "source" / module.notebook / f"{module.notebook}.ipynb").is_file()
    config = (root / "nbgrader_config.py").read_text()
    assert "autograder.notebooks.autograde.EngineAutograde" in config
    assert "nbgrader.preprocessors.Execute" not in config
    assert "c.EngineAutograde.language = 'en'" in config
    assert "# YOUR CODE HERE" in config
    compile(config, "nbgrader_config.py", "exec")


def test_when_engine_replaces_execute_then_nbgraders_other_steps_stay_in_order():
    from nbgrader.converters.autograde import Autograde

    stock = [f"{c.__module__.rsplit('.', 1)[0]}.{c.__name__}"
             for c in Autograde.class_traits()["autograde_preprocessors"].default()]
    ours = list(AUTOGRADE_PREPROCESSORS)
    assert stock[0] == "nbgrader.preprocessors.Execute"
    assert [p.rsplit(".", 1)[1] for p in ours[1:]] == [p.rsplit(".", 1)[1] for p in stock[1:]]


@pytest.mark.slow
def test_when_course_directory_exists_then_it_is_kept_unless_forced(tmp_path):
    scaffold_course(tmp_path, "en")
    result = _run("nbgrader-course", str(tmp_path))
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    scaffold_course(tmp_path, "tr", force=True)
    assert "KODUNUZU BURAYA YAZIN" in (tmp_path / "nbgrader_config.py").read_text()
