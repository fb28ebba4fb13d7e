"""The student package: what learners install, without what only graders may read.

A clone of this repository (and the Gradescope bundle) holds everything,
including the hidden tests and the reference solutions. Students on a shared
JupyterHub need the package too, for ``check(...)`` cells, ``pytest`` on their
notebooks and ``progress``; but anything installed in their environment is
readable by them. :func:`build_student_wheel` builds a wheel from a copy of the
package that leaves out ``autograder/hidden`` and ``solutions`` and carries
``course.yaml`` inside (``autograder/paths.py`` finds it there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.paths import COURSE_FILE, HIDDEN_TESTS_DIR, PACKAGE_DIR, REPO_ROOT

# Never in the student package (paths relative to the package directory).
LEFT_OUT = ("hidden",)


class PackageBuildError(Exception):
    """pip could not build the wheel; the message has its output."""


def build_student_wheel(out_dir: Path) -> Path:
    """Build the student wheel into ``out_dir`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "transformer-course"
        shutil.copytree(
            PACKAGE_DIR, tree / PACKAGE_DIR.name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", *LEFT_OUT),
        )
        shutil.copy(COURSE_FILE, tree / PACKAGE_DIR.name / "course.yaml")
        shutil.copy(REPO_ROOT / "README.md", tree / "README.md")
        (tree / "pyproject.toml").write_text(
            student_pyproject((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")),
            encoding="utf-8",
        )
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out_dir),
             str(tree)],
            capture_output=True, text=True,
        )
        if built.returncode != 0:
            raise PackageBuildError(built.stdout[-3000:] + built.stderr[-3000:])
    wheels = sorted(out_dir.glob("transformer_course-*.whl"), key=lambda p: p.stat().st_mtime)
    return wheels[-1]


def student_pyproject(text: str) -> str:
    """The project's pyproject.toml, packaging only the grader package minus its secrets."""
    student, count = re.subn(
        r'\[tool\.setuptools\.packages\.find\]\ninclude = \[[^\]]*\]',
        '[tool.setuptools.packages.find]\ninclude = ["autograder*"]\n'
        f'exclude = ["autograder.{HIDDEN_TESTS_DIR.name}*"]',
        text,
    )
    if count != 1:
        raise PackageBuildError("pyproject.toml has no [tool.setuptools.packages.find] include")
    return student
