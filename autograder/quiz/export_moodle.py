"""Moodle XML export (the format of Moodle's ``question/format/xml``).

One category per section (``$course$/<course>/<module>/<section>``); a
parametrised item becomes a sub-category holding ``variants`` generated
variants, so a Moodle "random question" from it gives each student their
own. Per-option feedback, tolerances, tags and ``idnumber`` are kept.
Known losses are reported: Moodle's matching type has no per-pair feedback,
and its short-answer matching is not Turkish-aware (Turkish capitals of the
accepted answers are added to compensate for the dotted/dotless i).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from autograder.config import Language, course
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
from autograder.quiz.item_types import ByItemType
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

# Grade fractions Moodle accepts for multiple-response items (1/n of 100).
FRACTIONS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20"}


def html_text(text: str) -> str:
    """Plain text as the HTML Moodle stores: escaped, one paragraph, line breaks kept."""
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"


def turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = html_text(text) if fmt == "html" else text
    return element


def _simple(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(
    parent: ET.Element, fraction: str, text: str, feedback: str, fmt: str = "html"
) -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(answer, "text").text = html_text(text) if fmt == "html" else text
    _text(answer, "feedback", feedback)
    return answer


def _category(quiz: ET.Element, path: str, info: str, idnumber: str) -> None:
    question = ET.SubElement(quiz, "question", {"type": "category"})
    category = ET.SubElement(question, "category")
    ET.SubElement(category, "text").text = f"$course$/{path}"
    _text(question, "info", info)
    _simple(question, "idnumber", idnumber)


@dataclass
class _Target:
    """Where a question goes: its language, Moodle name and idnumber, and the report."""

    lang: Language
    name: str
    idnumber: str
    report: ExportReport


def _start(qtype: str, question: Question, to: _Target) -> ET.Element:
    """A ``<question>`` of Moodle type ``qtype`` with its name, texts and grade."""
    item = question.item
    element = ET.Element("question", {"type": qtype})
    name_el = ET.SubElement(element, "name")
    ET.SubElement(name_el, "text").text = to.name
    _text(element, "questiontext", question.text(item.prompt, to.lang))
    _text(element, "generalfeedback", question.explanation(to.lang))
    _simple(element, "defaultgrade", f"{float(item.points):.7f}")
    _simple(element, "penalty", "0.3333333")
    _simple(element, "hidden", "0")
    _simple(element, "idnumber", to.idnumber)
    return element


def _combined_feedback(element: ET.Element, lang: Language) -> None:
    _text(element, "correctfeedback", message("correct", lang))
    _text(element, "partiallycorrectfeedback", message("partial", lang))
    _text(element, "incorrectfeedback", message("incorrect", lang))
    ET.SubElement(element, "shownumcorrect")


def _tags(element: ET.Element, item: Item) -> None:
    tags = ET.SubElement(element, "tags")
    values = [
        f"section:{item.section}",
        f"objective:{item.objective}",
        f"difficulty:{item.difficulty}",
        f"type:{item.type}",
    ]
    if item.misconception:
        values.append(f"misconception:{item.misconception}")
    if item.parametrised:
        values.append("parametrised")
    for value in values:
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = value


def _multichoice(question: Question, to: _Target, *, single: bool, shuffle: bool) -> ET.Element:
    """A multiple-choice question's settings (its answers follow)."""
    element = _start("multichoice", question, to)
    _simple(element, "single", "true" if single else "false")
    _simple(element, "shuffleanswers", "true" if shuffle else "false")
    _simple(element, "answernumbering", "abc")
    _simple(element, "showstandardinstruction", "0")
    _combined_feedback(element, to.lang)
    return element


def _single_choice(item: SingleChoice, question: Question, to: _Target) -> ET.Element:
    element = _multichoice(question, to, single=True, shuffle=True)
    t = question.text
    for option in item.options:
        fraction = "100" if option.correct else "0"
        _answer(element, fraction, t(option.text, to.lang), t(option.feedback, to.lang))
    return element


def _multiple_response(item: MultipleResponse, question: Question, to: _Target) -> ET.Element:
    element = _multichoice(question, to, single=False, shuffle=True)
    t = question.text
    share = FRACTIONS[sum(o.correct for o in item.options)]
    for option in item.options:
        fraction = share if option.correct else "-" + share
        _answer(element, fraction, t(option.text, to.lang), t(option.feedback, to.lang))
    return element


def _true_false(item: TrueFalse, question: Question, to: _Target) -> ET.Element:
    element = _start("truefalse", question, to)
    for value, feedback in ((True, item.feedback_true), (False, item.feedback_false)):
        fraction = "100" if value == item.answer else "0"
        _answer(element, fraction, "true" if value else "false", question.text(feedback, to.lang),
                "moodle_auto_format")
    return element


def _numeric(item: Numeric, question: Question, to: _Target) -> ET.Element:
    if question.choices:
        return _numeric_choice(question, to)
    return _numeric_input(item, question, to)


def _numeric_choice(question: Question, to: _Target) -> ET.Element:
    """A numeric item shown as choices: a single-choice question in the variant's order."""
    element = _multichoice(question, to, single=True, shuffle=False)
    feedback = {d.value: d.feedback for d in question.distractors}
    for value in question.choices:
        if value == question.answer:
            _answer(element, "100", question.number(value), message("correct", to.lang))
        else:
            text = question.text(feedback[value], to.lang, value=question.number(value))
            _answer(element, "0", question.number(value), text)
    return element


def _numeric_input(item: Numeric, question: Question, to: _Target) -> ET.Element:
    """A numerical question: the answer's band, each known mistake's band, then anything."""
    element = _start("numerical", question, to)
    answer = _answer(
        element, "100", repr(question.answer), message("correct", to.lang), "moodle_auto_format"
    )
    _simple(answer, "tolerance", f"{item.band(question.correct_number):g}")
    for distractor in question.distractors:
        text = question.text(distractor.feedback, to.lang,
                             value=question.number(distractor.value))
        wrong = _answer(element, "0", repr(distractor.value), text, "moodle_auto_format")
        _simple(wrong, "tolerance", f"{item.band(distractor.value):g}")
    catch_all = _answer(element, "0", "*", message("incorrect", to.lang), "moodle_auto_format")
    _simple(catch_all, "tolerance", "0")
    _simple(element, "unitgradingtype", "0")
    _simple(element, "unitpenalty", "0.1000000")
    _simple(element, "showunits", "3")
    _simple(element, "unitsleft", "0")
    return element


def _short_answer(item: ShortAnswer, question: Question, to: _Target) -> ET.Element:
    element = _start("shortanswer", question, to)
    lang = to.lang
    _simple(element, "usecase", "0")
    for text in _with_turkish_capitals(item.accept(lang), lang):
        _answer(element, "100", text, message("correct", lang), "moodle_auto_format")
    for wrong_answer in item.wrong_answers:
        feedback = question.text(wrong_answer.feedback, lang)
        for text in _with_turkish_capitals(wrong_answer.answers(lang), lang):
            _answer(element, "0", text, feedback, "moodle_auto_format")
    return element


def _matching(item: Matching, question: Question, to: _Target) -> ET.Element:
    """Moodle's matching has no per-pair feedback: it is appended to the general feedback."""
    element = _start("matching", question, to)
    t, lang = question.text, to.lang
    _simple(element, "shuffleanswers", "true")
    _combined_feedback(element, lang)
    for pair in item.pairs:
        sub = ET.SubElement(element, "subquestion", {"format": "html"})
        ET.SubElement(sub, "text").text = html_text(t(pair.left, lang))
        answer = ET.SubElement(sub, "answer")
        ET.SubElement(answer, "text").text = t(pair.right, lang)
    to.report.degraded[to.idnumber] = (
        "Moodle matching has no per-pair feedback; the pairs' feedback was appended "
        "to the general feedback"
    )
    general = element.find("generalfeedback/text")
    assert general is not None
    general.text = (general.text or "") + "".join(
        html_text(f"{t(p.left, lang)} → {t(p.right, lang)}: {t(p.feedback, lang)}")
        for p in item.pairs
    )
    return element


def _ordering(item: Ordering, question: Question, to: _Target) -> ET.Element:
    element = _start("ordering", question, to)
    _simple(element, "layouttype", "VERTICAL")
    _simple(element, "selecttype", "ALL")
    _simple(element, "selectcount", "0")
    _simple(element, "gradingtype", "ABSOLUTE_POSITION")
    _simple(element, "showgrading", "SHOW")
    _simple(element, "numberingstyle", "none")
    _combined_feedback(element, to.lang)
    for position, step in enumerate(item.steps, start=1):
        _answer(element, f"{position:.7f}", question.text(step.text, to.lang),
                question.text(step.feedback, to.lang))
    return element


# item type -> its <question> element (without tags)
QUESTIONS: ByItemType[Callable[..., ET.Element]] = ByItemType("Moodle XML", {
    SingleChoice: _single_choice,
    MultipleResponse: _multiple_response,
    TrueFalse: _true_false,
    Numeric: _numeric,
    Ordering: _ordering,
    Matching: _matching,
    ShortAnswer: _short_answer,
})


def question_element(
    question: Question, lang: Language, name: str, idnumber: str, report: ExportReport
) -> ET.Element:
    """One ``<question>`` element for ``question`` in ``lang``."""
    item = question.item
    element = QUESTIONS.of(item)(item, question, _Target(lang, name, idnumber, report))
    _tags(element, item)
    return element


def _with_turkish_capitals(answers: list[str], lang: Language) -> list[str]:
    """Accepted answers plus, for Turkish, their Turkish capitals (Moodle lowercases naively)."""
    result: list[str] = []
    for answer in answers:
        for form in [answer] + ([turkish_upper(answer)] if lang == "tr" else []):
            if form not in result and form.lower() not in [r.lower() for r in result]:
                result.append(form)
    return [a.replace("*", r"\*") for a in result]


def export_moodle(
    bank: Bank, items: list[Item], lang: Language, variants: int = 5
) -> tuple[str, ExportReport]:
    """The Moodle XML document for ``items`` in ``lang``, and what was lost."""
    report = ExportReport(target="Moodle XML")
    if any(i.type == "ordering" for i in items):
        report.notes.append("ordering items need Moodle's Ordering question type (qtype_ordering)")
    quiz = ET.Element("quiz")
    title = course().title(lang)
    current: tuple[str, str | None] | None = None
    for item in items:
        module = bank.module_of[item.id]
        section = bank.sections[item.section]
        path = f"{title}/{course().module(module).title(lang)}/{section.title(lang)}"
        if (path, None) != current and not item.parametrised:
            _category(quiz, path, section.title(lang), f"{module}-{item.section}")
            current = (path, None)
        if item.parametrised:
            _category(quiz, f"{path}/{item.id}", question_text_summary(item, lang), item.id)
            current = (path, item.id)
            for question in distinct_variants(item, variants):
                name = f"{item.id} (seed {question.seed})"
                idnumber = f"{item.id}-s{question.seed}"
                quiz.append(question_element(question, lang, name, idnumber, report))
        else:
            quiz.append(question_element(make_question(item), lang, item.id, item.id, report))
        report.exported.append(item.id)
    ET.indent(quiz, space="  ")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
    return xml, report


def question_text_summary(item: Item, lang: Language) -> str:
    """Category description of a parametrised item: its variants are drawn from one template."""
    return f"{item.id}: " + item.prompt(lang)
