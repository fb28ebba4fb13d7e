"""What makes ``grade-all`` resumable: content hashes, atomic writes, the journal.

The journal ``manifest.jsonl`` in the results folder gets one JSON line per
finished student, appended (and flushed to disk) only after that student's
report file is in place. The last line of a student wins. A rerun skips a
student whose last line says ``graded`` for the same content hash and the same
grading settings and whose report file still exists; anything else is graded
again. A line torn by a kill is ignored, so an interruption at any moment loses
at most the students that were being graded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import msgspec

from autograder import __version__
from autograder.classroom.discover import StudentFiles
from autograder.config import Course
from autograder.paths import HIDDEN_TESTS_DIR, REPO_ROOT, SOLUTIONS_DIR

JOURNAL_NAME = "manifest.jsonl"
STUDENTS_DIR = "students"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk, a kill: no half-written file is left behind
        tmp.unlink(missing_ok=True)
        raise


def safe_name(student: str) -> str:
    """A file name for ``student``: readable, and distinct for distinct students."""
    cleaned = re.sub(r"[^\w.-]", "_", student).strip("._")[:80] or "student"
    if cleaned != student:
        raw = student.encode("utf-8", "surrogateescape")
        cleaned += "-" + hashlib.sha256(raw).hexdigest()[:8]
    return cleaned


HASHED_BYTES = 64 * 1024 * 1024  # per file: more is never graded (see grading.MAX_CODE_BYTES)


def content_hash(files: StudentFiles) -> str:
    """sha256 over the student's files (names, sizes and bytes): changes when a file changes.

    Files are read in blocks, at most :data:`HASHED_BYTES` of each (a file that
    large is not graded; its size still enters the hash).
    """
    digest = hashlib.sha256()
    for path in files.files:
        digest.update(os.fsencode(path.name) + b"\0")
        try:
            digest.update(str(path.stat().st_size).encode() + b"\0")
            with path.open("rb") as handle:
                left = HASHED_BYTES
                while left > 0 and (block := handle.read(min(1 << 20, left))):
                    digest.update(block)
                    left -= len(block)
        except OSError as exc:
            digest.update(f"unreadable: {exc.errno}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _hash_files(digest, paths) -> None:
    for path in sorted(paths):
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())


def settings_fingerprint(config: Course, lang: str, functions: list[str] | None) -> str:
    """Changes whenever a grade could change for the same files: grader version, course file,
    language, selected functions, hidden tests, reference solutions or quiz bank."""
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, msgspec.to_builtins(config), lang,
                              sorted(functions or [])], sort_keys=True).encode())
    _hash_files(digest, HIDDEN_TESTS_DIR.glob("*.py"))
    _hash_files(digest, SOLUTIONS_DIR.glob("*.py"))
    _hash_files(digest, (REPO_ROOT / "quizzes").glob("*.yaml"))
    return digest.hexdigest()[:16]


class Journal:
    """The append-only record of finished students in a results folder."""

    def __init__(self, results_dir: Path) -> None:
        self.results_dir = results_dir
        self.path = results_dir / JOURNAL_NAME
        self.entries: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        entries: dict[str, dict] = {}
        if not self.path.is_file():
            return entries
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a kill
            if isinstance(entry, dict) and isinstance(entry.get("student"), str):
                entries[entry["student"]] = entry
        return entries

    def compact(self) -> None:
        """Rewrite the journal with one line per student (atomically)."""
        self.results_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, "".join(
            json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries.values()))

    def record(self, entry: dict) -> None:
        """Append ``entry`` and make it durable before returning."""
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        self.entries[entry["student"]] = entry

    def is_done(self, student: str, key: str, settings: str) -> bool:
        entry = self.entries.get(student)
        return bool(
            entry
            and entry.get("status") == "graded"
            and entry.get("key") == key
            and entry.get("settings") == settings
            and (self.results_dir / entry.get("report", "")).is_file()
        )
