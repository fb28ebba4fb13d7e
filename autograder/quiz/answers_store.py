"""The answers file ``quiz take --save FILE`` keeps up to date, one answer at a time.

Every answer is written as soon as it is given, atomically (a temporary file in the
same folder, flushed to disk, then renamed over the old one), so Ctrl-C, the end of
the input or a closed terminal lose nothing that was answered. A file that already
exists is merged by item id: taking another section adds its answers, and answering
an item again replaces that item's answer and time only. A file of another student
or seed is never touched (its variants would not match the answers).
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path


class StoreConflict(Exception):
    """The file cannot take this session's answers; the message says why."""


class AnswersStore:
    """An answers file (see :class:`autograder.quiz.grading.AnswersFile`) being written."""

    def __init__(self, path: Path, student: str, seed: int, lang: str) -> None:
        """Open ``path`` for ``student``'s session (``seed`` picks the variants).

        Raises:
            StoreConflict: the file exists but is unreadable, or holds another student's
                or another seed's answers.
        """
        self.path = Path(path)
        self.document: dict = {"student": student, "lang": lang, "seed": seed, "items": [],
                               "answers": {}, "answered_at": {}}
        self.session: list[str] = []  # item ids answered in this session
        if self.path.exists():
            self._merge_existing(student, seed)
        self.document["lang"] = lang

    def _merge_existing(self, student: str, seed: int) -> None:
        from autograder.yamlfast import BoundedLoader
        from autograder.yamlfile import YamlFileError, read_yaml

        try:  # read as the grader reads it (quiz.grading.read_answers)
            existing, _ = read_yaml(self.path, loader=BoundedLoader)
        except YamlFileError as exc:
            raise StoreConflict(f"{self.path} exists but cannot be read ({exc}); it was left "
                                f"as it is: choose another file") from None
        if not isinstance(existing, dict) or not isinstance(existing.get("answers", {}), dict):
            raise StoreConflict(f"{self.path} is not an answers file; it was left as it is: "
                                f"choose another file")
        if existing.get("student") != student or existing.get("seed", seed) != seed:
            raise StoreConflict(
                f"{self.path} holds the answers of student {existing.get('student')!r} (seed "
                f"{existing.get('seed')}); this session is {student!r} (seed {seed}), whose "
                f"questions differ. Use --student {existing.get('student')} to add to it, or "
                f"another file")
        self.document["items"] = [str(i) for i in existing.get("items") or []]
        if existing.get("items") is None and existing.get("answers"):
            self.document["items"] = None  # a file that grades every item: keep it so
        self.document["answers"] = dict(existing.get("answers") or {})
        self.document["answered_at"] = dict(existing.get("answered_at") or {})

    @property
    def count(self) -> int:
        """Answers in the file."""
        return len(self.document["answers"])

    def record(self, item_id: str, answer: object) -> None:
        """Keep ``answer`` for ``item_id`` (replacing an earlier one) and write the file."""
        items = self.document["items"]
        if items is not None and item_id not in items:
            items.append(item_id)
        self.document["answers"][item_id] = answer
        self.document["answered_at"][item_id] = datetime.now(timezone.utc).isoformat(
            timespec="seconds")
        if item_id not in self.session:
            self.session.append(item_id)
        self.write()

    def write(self) -> None:
        """Write the whole file atomically: it is always either the old or the new one."""
        import yaml

        document = {k: v for k, v in self.document.items() if v is not None}
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
