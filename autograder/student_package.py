"""The student package: what learners install, without what only graders may read.

A clone of this repository (and the Gradescope bundle) holds everything,
including the hidden tests and the reference solutions. Students on a shared
JupyterHub need the package too, for ``check(...)`` cells, ``pytest`` on their
notebooks, ``progress`` and the quiz; but anything installed in their environment
is readable by them. :func:`build_student_wheel` builds a wheel from a copy of the
package that leaves out ``autograder/hidden``, ``solutions`` and the quiz's variant
generators (which use the solutions), and carries ``course.yaml`` and the compiled
quiz bank inside: with its keys and every variant precomputed for a practice
course, the questions only for a graded one (``quiz_mode``, see
:mod:`autograder.quiz.compiled`). The package works on its own: nothing of the
repository is needed at run time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.paths import COURSE_FILE, HIDDEN_TESTS_DIR, PACKAGE_DIR, REPO_ROOT

# Never in the student package (names relative to the package directory): the hidden tests,
# the quiz variants' generators (they import the reference solutions) and any bank compiled
# in the source tree.
LEFT_OUT = ("hidden", "generators.py", "bank.json")


class PackageBuildError(Exception):
    """pip could not build the wheel; the message has its output."""


def build_student_wheel(out_dir: Path, quiz_mode: str | None = None) -> Path:
    """Build the student wheel into ``out_dir`` and return its path.

    Args:
        quiz_mode: ``practice`` or ``graded`` (default: ``course.yaml``'s ``quiz_mode``).

    Raises:
        PackageBuildError: the quiz bank is invalid, or pip could not build the wheel.
    """
    from autograder.config import course
    from autograder.quiz.bank import BankError, load_bank
    from autograder.quiz.compiled import write_compiled

    quiz_mode = quiz_mode or course().quiz_mode
    try:
        bank = load_bank()
    except BankError as exc:
        raise PackageBuildError(f"the quiz bank is invalid:\n{exc}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "transformer-course"
        shutil.copytree(
            PACKAGE_DIR, tree / PACKAGE_DIR.name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", *LEFT_OUT),
        )
        shutil.copy(COURSE_FILE, tree / PACKAGE_DIR.name / "course.yaml")
        write_compiled(bank, quiz_mode, tree / PACKAGE_DIR.name / "quiz" / "bank.json")
        write_signatures(tree / PACKAGE_DIR.name / "outcomes" / "signatures.json")
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


def write_signatures(path: Path) -> None:
    """The graded functions' expected signatures, from the reference solutions, as JSON
    (the student package has no solutions: :mod:`autograder.outcomes.signatures`)."""
    from autograder.outcomes.signatures import reference_signatures

    path.write_text(json.dumps(reference_signatures(), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def student_pyproject(text: str) -> str:
    """The project's pyproject.toml, packaging only the grader package minus its secrets,
    plus the compiled quiz bank and the expected signatures."""
    student, count = re.subn(
        r'\[tool\.setuptools\.packages\.find\]\ninclude = \[[^\]]*\]',
        '[tool.setuptools.packages.find]\ninclude = ["autograder*"]\n'
        f'exclude = ["autograder.{HIDDEN_TESTS_DIR.name}*"]',
        text,
    )
    if count != 1:
        raise PackageBuildError("pyproject.toml has no [tool.setuptools.packages.find] include")
    student, count = re.subn(r'(\[tool\.setuptools\.package-data\]\nautograder = \[)',
                             r'\1"quiz/bank.json", "outcomes/signatures.json", ', student)
    if count != 1:
        raise PackageBuildError("pyproject.toml has no package-data for autograder")
    return student
