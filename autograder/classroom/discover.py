"""Find each student's files in a submissions folder.

Three layouts are understood, and may be mixed:

- one file per student: ``alice.ipynb`` or ``alice.py`` (quiz answers beside it
  as ``alice.quiz.yaml``);
- one folder per student: ``alice/<anything>.ipynb`` (sub-folders included);
- nbgrader's ``submitted/<student>/<assignment>/<notebook>.ipynb``, given either
  the ``submitted`` folder or the course folder that contains it.

A student's code files are graded together; files whose name contains
``quiz`` or ``answers`` with a ``.yaml``, ``.yml`` or ``.json`` suffix are quiz
answers files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

CODE_SUFFIXES = (".ipynb", ".py")
QUIZ_SUFFIXES = (".yaml", ".yml", ".json")
QUIZ_NAME_MARKERS = ("quiz", "answers")
SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", "node_modules"}


class SubmissionsDirError(Exception):
    """The submissions folder does not exist or holds nothing to grade."""


@dataclass(frozen=True)
class StudentFiles:
    """Everything one student handed in (paths sorted, so the order is stable)."""

    student: str
    code: tuple[Path, ...] = ()
    quiz: tuple[Path, ...] = ()

    @property
    def files(self) -> tuple[Path, ...]:
        return self.code + self.quiz


@dataclass
class Discovery:
    root: Path
    students: list[StudentFiles]
    notes: list[str] = field(default_factory=list)


def student_id(name: str) -> str:
    """A student id from a file or folder name, always valid text.

    A name that is not UTF-8 (e.g. "Şule" from a Windows zip in cp1254) keeps its
    readable part, with U+FFFD for the rest, and a short hash of its bytes, so
    that two such names never become one student.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        readable = raw.decode("utf-8", "replace")
        return f"{readable}~{hashlib.sha256(raw).hexdigest()[:6]}"


def is_quiz_answers(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in QUIZ_SUFFIXES and any(m in name for m in QUIZ_NAME_MARKERS)


def is_code(path: Path) -> bool:
    return path.suffix.lower() in CODE_SUFFIXES


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name not in SKIPPED_DIRS


MAX_DEPTH = 16  # folders deeper than this under a student's folder are not looked into


def _files_under(folder: Path, skipped: list[str] | None = None) -> list[Path]:
    """Every visible regular file under ``folder`` (not following symbolic links).

    Hidden and cache folders are skipped; so are symbolic links (a link could
    point anywhere, e.g. at the reference solutions) and anything deeper than
    :data:`MAX_DEPTH`, each recorded in ``skipped`` when given.
    """
    found: list[Path] = []
    stack = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            entries = sorted(current.iterdir(), reverse=True)
        except OSError:
            continue
        for entry in entries:
            if not _visible(entry):
                continue
            if entry.is_symlink():
                if skipped is not None:
                    skipped.append(f"{entry}: a symbolic link, not followed")
            elif entry.is_dir():
                if depth + 1 > MAX_DEPTH:
                    if skipped is not None:
                        skipped.append(f"{entry}: nested too deeply, not looked into")
                else:
                    stack.append((entry, depth + 1))
            elif entry.is_file():
                found.append(entry)
    return sorted(found)


def submissions_root(path: Path) -> Path:
    """``path``, or its ``submitted`` folder when ``path`` is an nbgrader course folder."""
    submitted = path / "submitted"
    return submitted if submitted.is_dir() else path


def discover(path: Path | str, assignment: str | None = None) -> Discovery:
    """Group the files under ``path`` by student.

    Args:
        assignment: in a student folder, use only its ``<assignment>/`` sub-folder
            when it has one (nbgrader's layout with several assignments).

    Raises:
        SubmissionsDirError: if ``path`` is not a folder or no student is found.
    """
    path = Path(path)
    if not path.is_dir():
        raise SubmissionsDirError(f"not a folder: {path}")
    root = submissions_root(path)
    code: dict[str, list[Path]] = {}
    quiz: dict[str, list[Path]] = {}
    notes: list[str] = []
    for entry in sorted(root.iterdir()):
        if not _visible(entry):
            continue
        if entry.is_symlink():
            notes.append(f"{entry.name}: a symbolic link, not followed")
            continue
        if entry.is_dir():
            student = student_id(entry.name)
            inner = entry / assignment if assignment else None
            folder = inner if inner and inner.is_dir() and not inner.is_symlink() else entry
            skipped: list[str] = []
            files = _files_under(folder, skipped)
            notes += [f"{student}: {note}" for note in skipped]
            code.setdefault(student, []).extend(p for p in files if is_code(p))
            quiz.setdefault(student, []).extend(p for p in files if is_quiz_answers(p))
            if not any(is_code(p) or is_quiz_answers(p) for p in files):
                notes.append(f"{student}: no notebook, .py or quiz answers file in {folder}")
        elif is_quiz_answers(entry):
            quiz.setdefault(student_id(entry.name.split(".")[0]), []).append(entry)
        elif is_code(entry):
            code.setdefault(student_id(entry.stem), []).append(entry)
    names = sorted(set(code) | set(quiz))
    if not names:
        raise SubmissionsDirError(
            f"no submissions in {root}: expected one .ipynb/.py file or one folder per student"
        )
    students = [
        StudentFiles(name, tuple(sorted(code.get(name, []))), tuple(sorted(quiz.get(name, []))))
        for name in names
    ]
    return Discovery(root=root, students=students, notes=notes)
