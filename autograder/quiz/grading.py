"""Grade answers: one response per item in, a score and feedback per item out.

The report has the shape of the code grader's: ``score``, ``max_score`` and
``items``, each with ``id``, ``score``, ``max_score``, ``status`` and
``output`` (the feedback shown to the student). Status is ``passed``,
``partial``, ``failed``, ``unanswered`` or ``invalid`` (unreadable answer).
How each item type is scored and explained is its entry in :data:`GRADERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from autograder.config import Language
from autograder.quiz import scoring
from autograder.quiz.bank import Bank
from autograder.quiz.item_types import ByItemType
from autograder.quiz.messages import message
from autograder.quiz.schema import (
    OPTION_KEYS,
    Item,
    Matching,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from autograder.quiz.variants import Question, make_question, seed_for_student
from autograder.quiz.view import to_bank_keys
from autograder.quiz.yaml_source import BoundedLoader, YamlSourceError, read_yaml


class AnswersFile(BaseModel):
    """A student's answers: ``{student, answers: {item id: answer}}`` plus optional scope."""

    model_config = ConfigDict(extra="forbid")
    student: str | None = Field(None, min_length=1, description="who the file says it is; "
                                "only self-study trusts it (instructors name files by student)")
    lang: Language | None = None
    seed: int | None = Field(None, description="variant seed; derived from student when absent")
    modules: list[str] | None = Field(None, description="items graded; all modules when absent")
    sections: list[str] | None = None
    items: list[str] | None = Field(None, description="exactly these items (e.g. a short quiz)")
    answers: dict[str, Any] = Field(default_factory=dict)
    answered_at: dict[str, str] = Field(
        default_factory=dict, description="when each answer was given (ISO 8601; quiz take)")

    @property
    def effective_seed(self) -> int:
        return self.seed if self.seed is not None else seed_for_student(self.name)

    @property
    def name(self) -> str:
        return self.student or "anonymous"


class AnswersFileError(Exception):
    """An answers file that cannot be read; the message says where and why."""


def student_id_from_path(path: Path) -> str:
    """The student id an answers file's name gives: ``alice.quiz.yaml`` -> ``alice``."""
    return path.name.split(".", 1)[0] or path.name


MAX_ANSWERS_BYTES = 256 * 1024  # a whole bank's answers take a few KB


def read_answers(path: Path) -> AnswersFile:
    """Read a YAML (or JSON) answers file, with bounded work (see ``BoundedLoader``)."""
    try:
        data, _ = read_yaml(path, loader=BoundedLoader, max_bytes=MAX_ANSWERS_BYTES)
    except YamlSourceError as exc:
        raise AnswersFileError(str(exc)) from None
    try:
        return AnswersFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise AnswersFileError(f"{path}: not a valid answers file: {problems}") from None


@dataclass
class ItemResult:
    id: str
    section: str
    type: str
    score: float
    max_score: float
    status: str
    output: str


@dataclass
class Report:
    student: str
    seed: int
    lang: str
    score: float
    max_score: float
    items: list[ItemResult]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


Feedback = tuple[float, list[str]]  # fraction of the points earned, feedback lines


def _correct_key(options: list[Option]) -> str:
    return next(OPTION_KEYS[i] for i, o in enumerate(options) if o.correct)


def _single_choice(item: SingleChoice, question: Question, raw, lang: Language) -> Feedback:
    t = question.text
    key = scoring.parse_key(raw, len(item.options))
    correct = _correct_key(item.options)
    option = item.options[OPTION_KEYS.index(key)]
    lines = [message("you_chose", lang, option=t(option.text, lang),
                     feedback=t(option.feedback, lang))]
    fraction = scoring.score_single(key, correct)
    if fraction < 1:
        right = item.options[OPTION_KEYS.index(correct)]
        lines.append(message("correct_answer", lang, answer=t(right.text, lang)))
    return fraction, lines


def _multiple_response(item: MultipleResponse, question: Question, raw,
                       lang: Language) -> Feedback:
    t = question.text
    chosen = scoring.parse_keys(raw, len(item.options))
    correct_keys = {OPTION_KEYS[i] for i, o in enumerate(item.options) if o.correct}
    lines = []
    for i, option in enumerate(item.options):
        text, feedback = t(option.text, lang), t(option.feedback, lang)
        if OPTION_KEYS[i] in chosen:
            lines.append(message("you_chose", lang, option=text, feedback=feedback))
        elif option.correct:
            lines.append(message("you_missed", lang, option=text, feedback=feedback))
    return scoring.score_multiple(chosen, correct_keys), lines


def _true_false(item: TrueFalse, question: Question, raw, lang: Language) -> Feedback:
    answer = scoring.parse_bool(raw)
    feedback = question.text(item.feedback_true if answer else item.feedback_false, lang)
    return scoring.score_true_false(answer, item.answer), [feedback]


def _numeric_value(question: Question, raw) -> float:
    """A number, or for a numeric item shown as choices also an option letter."""
    if question.choices and isinstance(raw, str) and raw.strip().lower() in OPTION_KEYS:
        key = scoring.parse_key(raw, len(question.choices))
        return question.choices[OPTION_KEYS.index(key)]
    return scoring.parse_number(raw)


def _numeric(item: Numeric, question: Question, raw, lang: Language) -> Feedback:
    value = _numeric_value(question, raw)
    right_number = question.correct_number
    fraction = scoring.score_numeric(value, right_number, item.band(right_number))
    if fraction >= 1:
        return fraction, []
    mistake = next((d for d in question.distractors if abs(value - d.value) <= item.band(d.value)),
                   None)  # the known mistake that gives this value, if any
    lines = [] if mistake is None else [
        question.text(mistake.feedback, lang, value=question.number(mistake.value))]
    lines.append(message("correct_answer", lang, answer=question.number(right_number)))
    return fraction, lines


def _ordering(item: Ordering, question: Question, raw, lang: Language) -> Feedback:
    t = question.text
    order = scoring.parse_order(raw, len(item.steps))
    misplaced = [item.steps[OPTION_KEYS.index(key)] for position, key in enumerate(order)
                 if key != OPTION_KEYS[position]]
    lines = [message("misplaced", lang, step=t(step.text, lang), feedback=t(step.feedback, lang))
             for step in misplaced]
    fraction = scoring.score_ordering(order)
    if fraction < 1:
        steps = " → ".join(t(step.text, lang) for step in item.steps)
        lines.append(message("correct_order", lang, answer=steps))
    return fraction, lines


def _matching(item: Matching, question: Question, raw, lang: Language) -> Feedback:
    t = question.text
    mapping = scoring.parse_matching(raw, len(item.pairs))
    lines = [message("mismatched", lang, left=t(pair.left, lang), feedback=t(pair.feedback, lang))
             for i, pair in enumerate(item.pairs) if mapping.get(OPTION_KEYS[i]) != i + 1]
    fraction = scoring.score_matching(mapping, len(item.pairs))
    if fraction < 1:
        pairs = "; ".join(f"{t(p.left, lang)} → {t(p.right, lang)}" for p in item.pairs)
        lines.append(message("correct_pairs", lang, answer=pairs))
    return fraction, lines


def _short_answer(item: ShortAnswer, question: Question, raw, lang: Language) -> Feedback:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise scoring.AnswerFormatError("expected text")
    text = str(raw)
    if scoring.short_answer_matches(text, item.accept(lang), lang):
        return 1.0, []
    wrong = next((w for w in item.wrong_answers
                  if scoring.short_answer_matches(text, w.answers(lang), lang)), None)
    lines = [] if wrong is None else [question.text(wrong.feedback, lang)]
    lines.append(message("correct_answer", lang, answer=item.accept(lang)[0]))
    return 0.0, lines


@dataclass(frozen=True)
class Grader:
    """How one item type is graded.

    ``feedback`` scores a readable response (or raises ``AnswerFormatError``);
    ``blank_is_an_answer``: an empty string is an answer (no option chosen), not a skip;
    ``says_verdict``: its feedback already says right or wrong, so no verdict line is added.
    """

    feedback: Callable[..., Feedback]
    blank_is_an_answer: bool = False
    says_verdict: bool = False


GRADERS: ByItemType[Grader] = ByItemType("grading", {
    SingleChoice: Grader(_single_choice),
    MultipleResponse: Grader(_multiple_response, blank_is_an_answer=True),
    TrueFalse: Grader(_true_false, says_verdict=True),
    Numeric: Grader(_numeric),
    Ordering: Grader(_ordering),
    Matching: Grader(_matching),
    ShortAnswer: Grader(_short_answer),
})

VERDICTS = {"passed": "correct", "partial": "partial", "failed": "incorrect"}


def _status(fraction: float) -> str:
    return "passed" if fraction >= 1 else "partial" if fraction > 0 else "failed"


def _is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _result(question: Question, fraction: float, status: str, lines: list[str]) -> ItemResult:
    item = question.item
    points = float(item.points)
    return ItemResult(id=item.id, section=item.section, type=item.type,
                      score=round(points * fraction, 4), max_score=points, status=status,
                      output="\n".join(lines))


def grade_response(question: Question, raw, lang: Language) -> ItemResult:
    """Score one response (``None`` when unanswered) and write its feedback."""
    item = question.item
    grader = GRADERS.of(item)
    explanation = message("explanation", lang, text=question.explanation(lang))
    if _is_blank(raw) and (raw is None or not grader.blank_is_an_answer):
        return _result(question, 0.0, "unanswered", [message("unanswered", lang), explanation])
    try:
        fraction, lines = grader.feedback(item, question, to_bank_keys(item, raw), lang)
    except scoring.AnswerFormatError:
        expected = message(f"expected.{question.answer_kind}", lang)
        invalid = message("invalid", lang, expected=expected)
        return _result(question, 0.0, "invalid", [invalid, explanation])
    status = _status(fraction)
    verdict = [] if grader.says_verdict else [message(VERDICTS[status], lang)]
    return _result(question, fraction, status, [*verdict, *lines, explanation])


def grade_answers(
    bank: Bank,
    answers: AnswersFile,
    lang: Language | None = None,
    modules: list[str] | None = None,
    sections: list[str] | None = None,
    default_lang: Language = "tr",
    *,
    student: str | None = None,
) -> Report:
    """Grade every item in scope; items without an answer score 0 ("unanswered").

    Args:
        student: the student's id on the instructor's side (a file or folder name). When
            given, the instructor decides everything: the student id, the variant seed
            (from that id), and the items (``modules``/``sections``, else the whole
            bank); what the answers file says about them is only compared, and any
            difference is a warning. When None (self-study), the file's own
            ``student``, ``seed`` and scope are used.
    """
    lang = lang or answers.lang or default_lang
    if student is None:
        items, seed, name = _self_study_scope(bank, answers, modules, sections)
        warnings = []
    else:
        items = bank.select(modules, sections)
        seed, name = seed_for_student(student), student
        warnings = _ignored_claims(answers, student, seed, modules, sections)
    warnings += _ignored_answers(answers, items)
    results = [
        grade_response(make_question(item, seed), answers.answers.get(item.id), lang)
        for item in items
    ]
    return Report(
        student=name,
        seed=seed,
        lang=lang,
        score=round(sum(r.score for r in results), 4),
        max_score=round(sum(r.max_score for r in results), 4),
        items=results,
        warnings=warnings,
    )


def _self_study_scope(bank: Bank, answers: AnswersFile, modules: list[str] | None,
                      sections: list[str] | None) -> tuple[list[Item], int, str]:
    """The items, seed and student name of a self-study answers file: what it says."""
    items = bank.select(modules or answers.modules, sections or answers.sections)
    if answers.items is not None:
        chosen = set(answers.items)
        items = [item for item in items if item.id in chosen]
    return items, answers.effective_seed, answers.name


def _ignored_answers(answers: AnswersFile, items: list[Item]) -> list[str]:
    """Warnings for answers to items that are not graded."""
    in_scope = {item.id for item in items}
    return [f"answer for {item_id[:80]!r} ignored: no such item in this quiz"
            for item_id in answers.answers if item_id not in in_scope]


def _ignored_claims(answers: AnswersFile, student: str, seed: int,
                    modules: list[str] | None, sections: list[str] | None) -> list[str]:
    """Warnings for what an answers file says about itself that grading ignores."""
    warnings = []
    if answers.student is not None and answers.student != student:
        warnings.append(f"the file says it is {answers.student[:80]!r}; graded as {student!r}")
    if answers.seed is not None and answers.seed != seed:
        warnings.append(f"the file's seed {answers.seed} was ignored (the student id decides)")
    for field_name, claimed, graded in (("modules", answers.modules, modules),
                                        ("sections", answers.sections, sections)):
        if claimed is not None and sorted(claimed) != sorted(graded or []):
            warnings.append(f"the file's {field_name} {claimed[:10]} were ignored")
    if answers.items is not None:
        warnings.append("the file's item list was ignored (the instructor chooses the items)")
    return warnings
