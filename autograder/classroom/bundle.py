"""``gradescope-bundle``: the zip a Gradescope programming assignment runs.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once
as root on its Ubuntu image, then for each submission copies
``run_autograder`` to ``/autograder/run_autograder`` and runs it; the student's
files are in ``/autograder/submission`` and the result must be written to
``/autograder/results/results.json``.

The zip holds this repository's grader source (package, reference solutions,
course file, quiz bank, the released notebooks whose locked cells are restored
in submissions), ``requirements.txt`` pinned to the versions of this
environment (the grader's dependencies and the packages students' notebooks
may import: ``sandbox.allowed_packages``), ``gradescope.json`` (language, the
assignment's module or functions, visibility) and a README for the instructor.
"""

from __future__ import annotations

import json
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from autograder.paths import REPO_ROOT

SETTINGS_NAME = "gradescope.json"
SOURCE_GLOBS = ["autograder/**/*.py", "autograder/**/*.yaml", "autograder/**/*.ini",
                "autograder/**/*.npz",  # module 03's trained model, passed to greedy_decode
                "solutions/*.py", "quizzes/*.yaml", "course.yaml", "pyproject.toml",
                "exercises/*/*.ipynb"]

BUNDLE_README = """\
# Gradescope autograder: {title}

Built by `python -m autograder gradescope-bundle` (grader {version}) on {built}.

- Assignment: {assignment} ({points:g} points). Every submission is graded on
  exactly these functions, whatever files the student uploads: {functions}.
- Feedback language: {lang}. Hidden checks are shown to students: {visibility}.
- Upload this zip as the autograder of a Gradescope programming assignment
  (Ubuntu image); set the assignment's points to {points:g}.
- `setup.sh` installs Python {python} and `requirements.txt` (the grader's pinned
  dependencies and what students' notebooks may import) into /autograder/venv.
- `run_autograder` grades /autograder/submission and always writes
  /autograder/results/results.json: one test per function, with each check's
  result and feedback in its output. Its log (visible to you, not to students)
  lists the isolation layers in force for each submission.
- Students' code runs in the grader's sandbox: as root (Gradescope's default) each
  student process gets an unprivileged uid of its own, no capabilities, and the
  namespaces the container allows; see the course repository's README, "Isolation".
"""
EXCLUDED_PARTS = {"__pycache__"}

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It installs Python {python} and the grader's pinned dependencies into a venv;
# the grader itself runs from this folder (no install needed).
set -euo pipefail
SOURCE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
VENV="${{AUTOGRADER_VENV:-/autograder/venv}}"
PYTHON="python{python}"
export DEBIAN_FRONTEND=noninteractive

if ! command -v "$PYTHON" >/dev/null; then
    apt-get update
    apt-get install -y --no-install-recommends software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
fi
if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! command -v "$PYTHON" >/dev/null; then
    apt-get install -y --no-install-recommends "$PYTHON" "$PYTHON-venv"
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --no-cache-dir --quiet --upgrade pip
"$VENV/bin/python" -m pip install --no-cache-dir --quiet -r "$SOURCE/requirements.txt"

# The grader drops to this unprivileged user to grade; it must be able to read
# the grader and the venv (never write them).
chmod -R a+rX "$SOURCE" "$VENV"
"$VENV/bin/python" -c "import numpy, pytest, pydantic, msgspec, yaml, rich; print('grader ready')"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission. The paths can be overridden for a
# local test: AUTOGRADER_ROOT (default /autograder), AUTOGRADER_PYTHON.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="${AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}"
cd "$SOURCE"
PYTHONPATH="$SOURCE" exec "$PYTHON" -m autograder.classroom.gradescope_run --root "$ROOT"
"""


class BundleError(Exception):
    """The bundle cannot be built (a dependency is not installed here)."""


@dataclass
class BundleInfo:
    files: int
    size_kb: float


def runtime_requirements() -> list[str]:
    """``name==version`` for the grader's dependencies, the packages students' notebooks may
    import (``sandbox.allowed_packages``) and everything those need, as installed here."""
    try:
        import tomllib  # type: ignore[import-not-found]  # new in 3.11: see below
    except ImportError:  # Python 3.10
        raise BundleError("building the bundle needs Python 3.11 or newer") from None
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    environment = {name: str(value) for name, value in default_environment().items()}
    environment["extra"] = ""  # no optional extra
    pins: dict[str, str] = {}
    from autograder.config import course

    queue = [Requirement(r) for r in [*project["project"]["dependencies"],
                                       *course().sandbox.allowed_packages]]
    while queue:
        requirement = queue.pop()
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name in pins:
            continue
        try:
            pins[name] = metadata.version(name)
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            raise BundleError(f"{requirement.name} is not installed; install the grader "
                              "first (pip install -e .)") from None
        queue += [Requirement(r) for r in requires]
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def source_files(root: Path = REPO_ROOT) -> list[Path]:
    found = {p for pattern in SOURCE_GLOBS for p in root.glob(pattern) if p.is_file()}
    return sorted(p for p in found if not EXCLUDED_PARTS & set(p.relative_to(root).parts))


def _add(archive: zipfile.ZipFile, name: str, text: str | bytes,
         executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o755 if executable else 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def build_bundle(out: Path, *, lang: str | None = None, functions: list[str] | None = None,
                 visibility: str = "after_published", module: str | None = None) -> BundleInfo:
    """Write the Gradescope autograder zip to ``out``; setup.sh and run_autograder at its root.

    Args:
        module: grade every submission on this module's functions (else ``functions``,
            else every graded function): the upload never decides.
    """
    import datetime

    from autograder import __version__
    from autograder.config import course

    config = course()
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    graded = functions or ([fn.name for fn in config.module(module).functions] if module
                           else [fn.name for fn in config.functions()])
    settings = {"lang": lang, "functions": graded, "module": module, "visibility": visibility}
    readme = BUNDLE_README.format(
        title=config.title("en"), version=__version__, python=python,
        built=datetime.date.today().isoformat(),
        assignment=config.module(module).title("en") if module else "the whole course",
        points=sum(config.points(name) for name in graded), functions=", ".join(graded),
        lang=lang or config.default_language, visibility=visibility)
    files = source_files()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH.format(python=python), executable=True)
        _add(archive, "run_autograder", RUN_AUTOGRADER, executable=True)
        _add(archive, "requirements.txt", "\n".join(runtime_requirements()) + "\n")
        _add(archive, SETTINGS_NAME, json.dumps(settings, indent=2) + "\n")
        _add(archive, "README.md", readme)
        for path in files:
            _add(archive, path.relative_to(REPO_ROOT).as_posix(),
                 path.read_bytes())
    return BundleInfo(files=len(files) + 5, size_kb=out.stat().st_size / 1024)
