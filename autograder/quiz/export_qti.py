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
from pathlib import Path

from autograder.config import Language, course
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
from autograder.quiz.export_moodle import turkish_upper
from autograder.quiz.messages import message
from autograder.quiz.schema import (
    Item,
    Matching,
    MultipleResponse,
    Numeric,
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


def _question_lines(
    question: Question, lang: Language, number: int, report: ExportReport
) -> list[str]:
    item = question.item
    t = question.text
    extra = ({"answer": question.number(question.correct_number)} if isinstance(item, Numeric)
             else {})
    lines = [
        f"Title: {item.id}",
        f"Points: {float(item.points):g}",
        f"{number}.  {md(t(item.prompt, lang))}",
        f"...  {md(t(item.explanation, lang, **extra))}",
    ]
    letters = "abcdefghij"
    if isinstance(item, SingleChoice | MultipleResponse):
        order = display_order(question, len(item.options))  # text2qti keeps the given order
        for shown, index in enumerate(order):
            option = item.options[index]
            if isinstance(item, SingleChoice):
                mark = f"{'*' if option.correct else ''}{letters[shown]})"
            else:
                mark = "[*]" if option.correct else "[ ]"
            lines.append(f"{mark} {md(t(option.text, lang))}")
            lines.append(f"... {md(t(option.feedback, lang))}")
    elif isinstance(item, TrueFalse):
        for shown, value in enumerate((True, False)):
            mark = f"{'*' if value == item.answer else ''}{letters[shown]})"
            feedback = item.feedback_true if value else item.feedback_false
            lines.append(f"{mark} {md(message('label_true' if value else 'label_false', lang))}")
            lines.append(f"... {md(t(feedback, lang))}")
    elif isinstance(item, Numeric) and question.choices:
        distractor_feedback = {d.value: d.feedback for d in question.distractors}
        for shown, choice in enumerate(question.choices):
            correct = choice == question.answer
            lines.append(f"{'*' if correct else ''}{letters[shown]}) {question.number(choice)}")
            text = (
                message("correct", lang)
                if correct
                else t(distractor_feedback[choice], lang, value=question.number(choice))
            )
            lines.append(f"... {md(text)}")
    elif isinstance(item, Numeric):
        low = question.correct_number - item.band(question.correct_number)
        high = question.correct_number + item.band(question.correct_number)
        lines.append(f"= [{low!r}, {high!r}]")
        report.degraded[item.id] = "text2qti numerical questions have no per-distractor feedback"
    elif isinstance(item, ShortAnswer):
        accepted = list(item.accept(lang))
        if lang == "tr":
            accepted += [turkish_upper(a) for a in accepted]
        seen: set[str] = set()
        for answer in accepted:
            if answer.lower() not in seen:
                seen.add(answer.lower())
                lines.append(f"*   {md(answer)}")
        if item.wrong_answers:
            report.degraded[item.id] = (
                "text2qti short answers have no feedback for known wrong answers"
            )
    return lines


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
        if isinstance(item, Ordering | Matching):
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
