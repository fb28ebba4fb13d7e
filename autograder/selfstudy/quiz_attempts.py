"""The learner's quiz attempts, per section, graded by the quiz engine.

An attempt is a quiz answers file (``{student, answers: {item id: answer}}``,
see :mod:`autograder.quiz.grading`). They are read from ``--quiz-answers FILE``
or from ``quizzes/answers/*.yaml``; for each section the newest file that
answers at least one of its items counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.languages import Language
from autograder.paths import learner_root


def quiz_answers_dir() -> Path:
    """Where quiz answers files are read from by default (``quizzes/answers/``)."""
    return learner_root() / "quizzes" / "answers"


@dataclass
class SectionScore:
    section: str
    title: str
    module: str
    score: float | None  # None: graded by the instructor (this copy has no key)
    max_score: float | None
    answered: int
    items: int
    source: Path


@dataclass
class QuizProgress:
    """Scores of the attempted sections, and what could not be read."""

    sections: dict[str, SectionScore]
    titles: dict[str, tuple[str, str]]  # section id -> (module id, title) for every section
    problems: list[tuple[Path, str]]

    def attempted(self, module: str) -> list[SectionScore]:
        return [s for s in self.sections.values() if s.module == module]

    def unattempted(self, module: str) -> list[str]:
        return [sid for sid, (mod, _) in self.titles.items()
                if mod == module and sid not in self.sections]


def answers_files(explicit: list[Path] | None, directory: Path | None = None) -> list[Path]:
    """The answers files to read: the given ones, else those in ``directory``."""
    if explicit:
        return list(explicit)
    directory = directory or quiz_answers_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def quiz_progress(files: list[Path], lang: Language) -> QuizProgress:
    """Grade every answers file and keep, per section, the newest attempt.

    Raises:
        BankError: the quiz bank itself does not load.
    """
    from autograder.quiz import compiled
    from autograder.quiz.bank import load_bank
    from autograder.quiz.grading import AnswersFileError, grade_answers, read_answers

    questions = compiled.questions_only()
    if questions is not None:
        return _recorded_progress(files, lang, questions)
    bank = load_bank()
    titles = {sid: (s.module, s.title(lang)) for sid, s in bank.sections.items()}
    progress = QuizProgress({}, titles, [])
    for path in sorted(files, key=_mtime):
        try:
            report = grade_answers(bank, read_answers(path), lang=lang)
        except (AnswersFileError, OSError) as exc:
            progress.problems.append((path, str(exc)))
            continue
        by_section: dict[str, list] = {}
        for item in report.items:
            by_section.setdefault(item.section, []).append(item)
        for sid, items in by_section.items():
            answered = sum(item.status != "unanswered" for item in items)
            if not answered or sid not in titles:
                continue
            module, title = titles[sid]
            progress.sections[sid] = SectionScore(
                sid, title, module,
                score=round(sum(item.score for item in items), 2),
                max_score=round(sum(item.max_score for item in items), 2),
                answered=answered, items=len(items), source=path,
            )
    return progress


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _recorded_progress(files: list[Path], lang: str, questions) -> QuizProgress:
    """Attempts of a course whose quizzes the instructor grades: answered, not scored."""
    from autograder.quiz.grading import AnswersFileError, read_answers

    titles = {sid: (s["module"], questions.section_title(sid, lang))
              for sid, s in questions.sections.items()}
    progress = QuizProgress({}, titles, [])
    for path in sorted(files, key=_mtime):
        try:
            answers = read_answers(path)
        except (AnswersFileError, OSError) as exc:
            progress.problems.append((path, str(exc)))
            continue
        for sid, (module, title) in titles.items():
            items = [item["id"] for item in questions.select(sections=[sid])]
            answered = sum(item in answers.answers for item in items)
            if answered:
                progress.sections[sid] = SectionScore(sid, title, module, None, None,
                                                      answered, len(items), path)
    return progress
