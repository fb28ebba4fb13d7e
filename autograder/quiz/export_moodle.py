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

from autograder.config import Language, course
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
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


def _header(
    element: ET.Element, question: Question, lang: Language, name: str, idnumber: str
) -> None:
    item = question.item
    name_el = ET.SubElement(element, "name")
    ET.SubElement(name_el, "text").text = name
    _text(element, "questiontext", question.text(item.prompt, lang))
    extra = ({"answer": question.number(question.correct_number)} if isinstance(item, Numeric)
             else {})
    _text(element, "generalfeedback", question.text(item.explanation, lang, **extra))
    _simple(element, "defaultgrade", f"{float(item.points):.7f}")
    _simple(element, "penalty", "0.3333333")
    _simple(element, "hidden", "0")
    _simple(element, "idnumber", idnumber)


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


def question_element(
    question: Question, lang: Language, name: str, idnumber: str, report: ExportReport
) -> ET.Element:
    """One ``<question>`` element for ``question`` in ``lang``."""
    item = question.item
    t = question.text
    if isinstance(item, SingleChoice | MultipleResponse) or (
        isinstance(item, Numeric) and question.choices
    ):
        element = ET.Element("question", {"type": "multichoice"})
    elif isinstance(item, TrueFalse):
        element = ET.Element("question", {"type": "truefalse"})
    elif isinstance(item, Numeric):
        element = ET.Element("question", {"type": "numerical"})
    elif isinstance(item, ShortAnswer):
        element = ET.Element("question", {"type": "shortanswer"})
    elif isinstance(item, Matching):
        element = ET.Element("question", {"type": "matching"})
    elif isinstance(item, Ordering):
        element = ET.Element("question", {"type": "ordering"})
    else:  # pragma: no cover - the schema has no other types
        raise TypeError(item.type)
    _header(element, question, lang, name, idnumber)

    if isinstance(item, SingleChoice | MultipleResponse):
        single = isinstance(item, SingleChoice)
        n_correct = sum(o.correct for o in item.options)
        _simple(element, "single", "true" if single else "false")
        _simple(element, "shuffleanswers", "true")
        _simple(element, "answernumbering", "abc")
        _simple(element, "showstandardinstruction", "0")
        _combined_feedback(element, lang)
        for option in item.options:
            if single:
                fraction = "100" if option.correct else "0"
            else:
                fraction = FRACTIONS[n_correct] if option.correct else "-" + FRACTIONS[n_correct]
            _answer(element, fraction, t(option.text, lang), t(option.feedback, lang))
    elif isinstance(item, Numeric) and question.choices:
        _simple(element, "single", "true")
        _simple(element, "shuffleanswers", "false")  # the variant's own seeded order
        _simple(element, "answernumbering", "abc")
        _simple(element, "showstandardinstruction", "0")
        _combined_feedback(element, lang)
        feedback = {d.value: d.feedback for d in question.distractors}
        for value in question.choices:
            if value == question.answer:
                _answer(element, "100", question.number(value), message("correct", lang))
            else:
                text = t(feedback[value], lang, value=question.number(value))
                _answer(element, "0", question.number(value), text)
    elif isinstance(item, TrueFalse):
        _answer(
            element,
            "100" if item.answer else "0",
            "true",
            t(item.feedback_true, lang),
            "moodle_auto_format",
        )
        _answer(
            element,
            "0" if item.answer else "100",
            "false",
            t(item.feedback_false, lang),
            "moodle_auto_format",
        )
    elif isinstance(item, Numeric):
        answer = _answer(
            element, "100", repr(question.answer), message("correct", lang), "moodle_auto_format"
        )
        _simple(answer, "tolerance", f"{item.band(question.correct_number):g}")
        for distractor in question.distractors:
            text = t(distractor.feedback, lang, value=question.number(distractor.value))
            wrong = _answer(element, "0", repr(distractor.value), text, "moodle_auto_format")
            _simple(wrong, "tolerance", f"{item.band(distractor.value):g}")
        catch_all = _answer(element, "0", "*", message("incorrect", lang), "moodle_auto_format")
        _simple(catch_all, "tolerance", "0")
        _simple(element, "unitgradingtype", "0")
        _simple(element, "unitpenalty", "0.1000000")
        _simple(element, "showunits", "3")
        _simple(element, "unitsleft", "0")
    elif isinstance(item, ShortAnswer):
        _simple(element, "usecase", "0")
        accepted = _with_turkish_capitals(item.accept(lang), lang)
        for text in accepted:
            _answer(element, "100", text, message("correct", lang), "moodle_auto_format")
        for wrong_answer in item.wrong_answers:
            for text in _with_turkish_capitals(wrong_answer.answers(lang), lang):
                _answer(element, "0", text, t(wrong_answer.feedback, lang), "moodle_auto_format")
    elif isinstance(item, Matching):
        _simple(element, "shuffleanswers", "true")
        _combined_feedback(element, lang)
        for pair in item.pairs:
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = html_text(t(pair.left, lang))
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = t(pair.right, lang)
        report.degraded[idnumber] = (
            "Moodle matching has no per-pair feedback; the pairs' feedback was appended "
            "to the general feedback"
        )
        general = element.find("generalfeedback/text")
        assert general is not None
        general.text = (general.text or "") + "".join(
            html_text(f"{t(p.left, lang)} → {t(p.right, lang)}: {t(p.feedback, lang)}")
            for p in item.pairs
        )
    elif isinstance(item, Ordering):
        _simple(element, "layouttype", "VERTICAL")
        _simple(element, "selecttype", "ALL")
        _simple(element, "selectcount", "0")
        _simple(element, "gradingtype", "ABSOLUTE_POSITION")
        _simple(element, "showgrading", "SHOW")
        _simple(element, "numberingstyle", "none")
        _combined_feedback(element, lang)
        for position, step in enumerate(item.steps, start=1):
            _answer(element, f"{position:.7f}", t(step.text, lang), t(step.feedback, lang))
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
    if any(isinstance(i, Ordering) for i in items):
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
