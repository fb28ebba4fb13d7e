"""Student notebooks: what ``nbgrader generate_assignment`` makes of the instructor notebooks.

``exercises/<lang>/<notebook>.ipynb`` is never edited by hand: it is the
release of a throw-away nbgrader course scaffolded from ``solutions/notebooks``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.config import Language, course
from autograder.notebooks.build import NOTEBOOKS_DIR
from autograder.notebooks.course_dir import scaffold_course
from autograder.paths import REPO_ROOT

EXERCISES_DIR = REPO_ROOT / "exercises"


class NbgraderError(Exception):
    """An nbgrader command failed; the message carries its output."""


def nbgrader_env() -> dict[str, str]:
    """The environment nbgrader needs: this interpreter's bin/ on PATH (it runs ``alembic``)."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    pythonpath = [str(REPO_ROOT), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in pythonpath if p)
    return env


def run_nbgrader(args: list[str], course_root: Path, timeout: float = 900) -> str:
    """Run ``nbgrader ARGS`` in ``course_root``; return its combined output."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(
        cmd,
        cwd=course_root,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed ({proc.returncode}):\n{output}")
    return output


def release_notebooks(
    language: Language,
    out_dir: Path | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[Path]:
    """Generate the student notebooks of every module in ``language`` with nbgrader."""
    out_dir = (out_dir or EXERCISES_DIR) / language
    with tempfile.TemporaryDirectory(prefix="nbgrader-release-") as tmp:
        root = Path(tmp)
        scaffold_course(root, language, notebooks_dir=notebooks_dir)
        written = []
        for module in course().modules:
            run_nbgrader(["generate_assignment", module.notebook, "--force"], root)
            released = root / "release" / module.notebook / f"{module.notebook}.ipynb"
            dest = out_dir / released.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(released, dest)
            written.append(dest)
    return written
