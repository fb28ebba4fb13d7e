"""Canvas QTI export through text2qti (its Markdown-like quiz text, then its QTI zip).

text2qti has single choice, multiple answers, numerical and short answer
questions, with feedback per choice. It has no ordering or matching type:
those items are skipped and reported. Its numerical questions hold one
answer range, so a numeric item's per-distractor feedback is reported as
lost (the explanation is still the question's feedback). A parametrised
item becomes a question group that picks one of its variants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from autograder.config import Language, course
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
from autograder.quiz.export_moodle import turkish_upper
from autograder.quiz.item_types import ByItemType
from autograder.quiz.messages import message
from autograder.quiz.schema import (
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
from autograder.quiz.variants import Question, distinct_variants, make_question
from autograder.quiz.view import display_order

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|$!{}])")


def md(text: str) -> str:
    """Plain text as text2qti Markdown: HTML and Markdown characters escaped, one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


LETTERS = "abcdefghij"


def _question_lines(
    question: Question, lang: Language, number: int, report: ExportReport
) -> list[str]:
    item = question.item
    body = BODIES.of(item)
    assert body is not None, f"text2qti has no {item.type} question type"
    lines = [
        f"Title: {item.id}",
        f"Points: {float(item.points):g}",
        f"{number}.  {md(question.text(item.prompt, lang))}",
        f"...  {md(question.explanation(lang))}",
    ]
    return lines + body(item, question, lang, report)


def _options(item: SingleChoice | MultipleResponse, question: Question, lang: Language,
             mark: Callable[[Option, int], str]) -> list[str]:
    """The options in their display order (text2qti keeps the given order), with feedback."""
    lines = []
    for shown, index in enumerate(display_order(question, len(item.options))):
        option = item.options[index]
        lines.append(f"{mark(option, shown)} {md(question.text(option.text, lang))}")
        lines.append(f"... {md(question.text(option.feedback, lang))}")
    return lines


def _single_choice(item: SingleChoice, question: Question, lang: Language,
                   report: ExportReport) -> list[str]:
    return _options(item, question, lang,
                    lambda option, shown: f"{'*' if option.correct else ''}{LETTERS[shown]})")


def _multiple_response(item: MultipleResponse, question: Question, lang: Language,
                       report: ExportReport) -> list[str]:
    return _options(item, question, lang,
                    lambda option, shown: "[*]" if option.correct else "[ ]")


def _true_false(item: TrueFalse, question: Question, lang: Language,
                report: ExportReport) -> list[str]:
    lines = []
    for shown, value in enumerate((True, False)):
        mark = f"{'*' if value == item.answer else ''}{LETTERS[shown]})"
        feedback = item.feedback_true if value else item.feedback_false
        lines.append(f"{mark} {md(message('label_true' if value else 'label_false', lang))}")
        lines.append(f"... {md(question.text(feedback, lang))}")
    return lines


def _numeric(item: Numeric, question: Question, lang: Language,
             report: ExportReport) -> list[str]:
    if question.choices:
        return _numeric_choice(question, lang)
    low = question.correct_number - item.band(question.correct_number)
    high = question.correct_number + item.band(question.correct_number)
    report.degraded[item.id] = "text2qti numerical questions have no per-distractor feedback"
    return [f"= [{low!r}, {high!r}]"]


def _numeric_choice(question: Question, lang: Language) -> list[str]:
    """A numeric item shown as choices: a single-choice question, feedback per mistake."""
    distractor_feedback = {d.value: d.feedback for d in question.distractors}
    lines = []
    for shown, choice in enumerate(question.choices):
        correct = choice == question.answer
        lines.append(f"{'*' if correct else ''}{LETTERS[shown]}) {question.number(choice)}")
        text = (
            message("correct", lang)
            if correct
            else question.text(distractor_feedback[choice], lang, value=question.number(choice))
        )
        lines.append(f"... {md(text)}")
    return lines


def _short_answer(item: ShortAnswer, question: Question, lang: Language,
                  report: ExportReport) -> list[str]:
    accepted = list(item.accept(lang))
    if lang == "tr":
        accepted += [turkish_upper(a) for a in accepted]
    lines = []
    seen: set[str] = set()
    for answer in accepted:
        if answer.lower() not in seen:
            seen.add(answer.lower())
            lines.append(f"*   {md(answer)}")
    if item.wrong_answers:
        report.degraded[item.id] = "text2qti short answers have no feedback for known wrong answers"
    return lines


# item type -> the lines of its answers, or None: text2qti has no such question type
BODIES: ByItemType[Callable[..., list[str]] | None] = ByItemType("text2qti", {
    SingleChoice: _single_choice,
    MultipleResponse: _multiple_response,
    TrueFalse: _true_false,
    Numeric: _numeric,
    Ordering: None,
    Matching: None,
    ShortAnswer: _short_answer,
})


def quiz_text(
    bank: Bank, items: list[Item], lang: Language, variants: int = 5
) -> tuple[str, ExportReport]:
    """The text2qti source for ``items``; ordering and matching items are skipped and reported."""
    report = ExportReport(target="Canvas QTI (text2qti)")
    lines = [
        f"Quiz title: {md(course().title(lang))}",
        "Shuffle answers: false",
        "Show correct answers: true",
        "",
    ]
    number = 1
    for item in items:
        if BODIES.of(item) is None:
            report.skipped[item.id] = f"text2qti has no {item.type} question type"
            continue
        if item.parametrised:
            lines += ["GROUP", "pick: 1", f"points per question: {float(item.points):g}", ""]
            for question in distinct_variants(item, variants):
                lines += _question_lines(question, lang, number, report)
                lines.append("")
                number += 1
            lines += ["END_GROUP", ""]
        else:
            lines += _question_lines(make_question(item), lang, number, report)
            lines.append("")
            number += 1
        report.exported.append(item.id)
    return "\n".join(lines), report


def export_qti(
    bank: Bank, items: list[Item], lang: Language, out: Path, variants: int = 5
) -> ExportReport:
    """Write a Canvas-importable QTI zip to ``out`` (and the text2qti source beside it)."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    text, report = quiz_text(bank, items, lang, variants)
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    try:
        quiz = Quiz(text, config=Config(), source_name=str(out.with_suffix(".md")))
    except Text2qtiError as exc:
        raise ValueError(f"text2qti rejected the generated quiz: {exc}") from None
    QTI(quiz).save(out)
    return report
