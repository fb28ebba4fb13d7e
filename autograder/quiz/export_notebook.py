"""An nbgrader quiz notebook (the instructor's source version).

``nbgrader generate_assignment`` turns it into the student version: the
answers between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are cleared
and the hidden tests, which hold the answer keys, are removed.
``nbgrader autograde`` then runs the hidden tests; each test cell's value is
the points earned (nbgrader's partial credit), computed by the same
``scoring`` module that ``quiz grade`` uses, embedded in a locked cell.
Options are shown in a seeded shuffled order; the hidden test maps the letter
a student types back to the bank's key. Every item type can be expressed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.bilingual import Bilingual
from autograder.config import Language, course
from autograder.quiz import scoring
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
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
from autograder.quiz.variants import Question, make_question
from autograder.quiz.view import display_order

HELPER = "\n_quiz_points = quiz_points  # the test cells' name for it\n"


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    nbgrader = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def _scoring_source() -> str:
    source = inspect.getsource(scoring)
    return source.replace("from __future__ import annotations\n", "")


def _variable(item: Item) -> str:
    return "answer_" + item.id.replace("-", "_")


@dataclass(frozen=True)
class Answer:
    """How a question is answered in the notebook.

    ``lines``: Markdown showing the choices; ``mapping``: the letters (or numbers) shown ->
    the bank's; ``example``: an example answer (Python source); ``kind`` and ``key``: the
    scoring kind and JSON-able answer key the hidden test passes to ``quiz_points``;
    ``solution``: Python source of the correct answer, in the letters the student sees.
    """

    lines: list[str]
    mapping: dict | None
    example: str
    kind: str
    key: dict
    solution: str


def _shown_letters(question: Question, texts: list[Bilingual],
                   lang: Language) -> tuple[list[str], dict[str, str]]:
    """Choices listed in their display order, and the shown letter -> bank letter mapping."""
    order = display_order(question, len(texts))
    lines = [f"- **{OPTION_KEYS[s]})** {question.text(texts[i], lang)}"
             for s, i in enumerate(order)]
    return lines, {OPTION_KEYS[s]: OPTION_KEYS[i] for s, i in enumerate(order)}


def _correct_keys(options: list[Option]) -> list[str]:
    return [OPTION_KEYS[i] for i, o in enumerate(options) if o.correct]


def _single_choice(item: SingleChoice, question: Question, lang: Language) -> Answer:
    lines, mapping = _shown_letters(question, [o.text for o in item.options], lang)
    inverse = {bank: shown for shown, bank in mapping.items()}
    [correct] = _correct_keys(item.options)
    return Answer(lines, mapping, '"b"', "single_choice",
                  {"n": len(item.options), "correct": correct}, repr(inverse[correct]))


def _multiple_response(item: MultipleResponse, question: Question, lang: Language) -> Answer:
    lines, mapping = _shown_letters(question, [o.text for o in item.options], lang)
    inverse = {bank: shown for shown, bank in mapping.items()}
    correct = _correct_keys(item.options)
    return Answer(lines, mapping, '["a", "c"]', "multiple_response",
                  {"n": len(item.options), "correct": correct},
                  repr(sorted(inverse[key] for key in correct)))


def _ordering(item: Ordering, question: Question, lang: Language) -> Answer:
    lines, mapping = _shown_letters(question, [s.text for s in item.steps], lang)
    inverse = {bank: shown for shown, bank in mapping.items()}
    return Answer(lines, mapping, '["c", "a", "b"]', "ordering", {"n": len(item.steps)},
                  repr([inverse[OPTION_KEYS[i]] for i in range(len(item.steps))]))


def _matching(item: Matching, question: Question, lang: Language) -> Answer:
    t = question.text
    order = display_order(question, len(item.pairs))
    lines = [f"- **{OPTION_KEYS[i]})** {t(p.left, lang)}" for i, p in enumerate(item.pairs)]
    lines += [f"- **{s + 1}.** {t(item.pairs[i].right, lang)}" for s, i in enumerate(order)]
    mapping = {s + 1: i + 1 for s, i in enumerate(order)}
    inverse = {bank: shown for shown, bank in mapping.items()}
    return Answer(lines, mapping, '{"a": 2, "b": 1}', "matching", {"n": len(item.pairs)},
                  repr({OPTION_KEYS[i]: inverse[i + 1] for i in range(len(item.pairs))}))


def _true_false(item: TrueFalse, question: Question, lang: Language) -> Answer:
    return Answer([], None, "True", "true_false", {"answer": item.answer}, repr(item.answer))


def _numeric(item: Numeric, question: Question, lang: Language) -> Answer:
    key = {"answer": question.correct_number, "tolerance": item.band(question.correct_number)}
    if not question.choices:
        return Answer([], None, "0.25", "numeric", key, question.number(question.correct_number))
    lines = [f"- **{OPTION_KEYS[s]})** {question.number(v)}"
             for s, v in enumerate(question.choices)]
    choices = dict(zip(OPTION_KEYS, question.choices, strict=False))
    return Answer(lines, None, '"b"', "numeric_choice", {**key, "choices": choices},
                  repr(OPTION_KEYS[question.choices.index(question.answer)]))


def _short_answer(item: ShortAnswer, question: Question, lang: Language) -> Answer:
    return Answer([], None, '"..."', "short_answer", {"accept": item.accept(lang), "lang": lang},
                  repr(item.accept(lang)[0]))


ANSWERS: ByItemType[Callable[..., Answer]] = ByItemType("notebook answers", {
    SingleChoice: _single_choice,
    MultipleResponse: _multiple_response,
    TrueFalse: _true_false,
    Numeric: _numeric,
    Ordering: _ordering,
    Matching: _matching,
    ShortAnswer: _short_answer,
})


def answer_of(question: Question, lang: Language) -> Answer:
    """How ``question`` is shown, answered and scored in the notebook."""
    return ANSWERS.of(question.item)(question.item, question, lang)


def _question_cells(question: Question, lang: Language) -> list[nbformat.NotebookNode]:
    """The question (locked), the student's answer cell and the hidden test that scores it."""
    item = question.item
    variable = _variable(item)
    answer = answer_of(question, lang)
    expected = message(f"expected.{question.answer_kind}", lang)
    body = [f"### {item.id} ({float(item.points):g})", "", question.text(item.prompt, lang), ""]
    body += [*answer.lines, "", f"`{variable} = {answer.example}`  ({expected})"]
    call = (
        f"_quiz_points({answer.kind!r}, {variable}, {answer.key!r}, "
        f"{float(item.points)!r}, mapping={answer.mapping!r})"
    )
    return [
        new_markdown_cell("\n".join(body), metadata=_meta(f"q-{item.id}", locked=True)),
        new_code_cell(
            f"### BEGIN SOLUTION\n{variable} = {answer.solution}\n### END SOLUTION",
            metadata=_meta(f"answer-{item.id}", solution=True),
        ),
        new_code_cell(
            f"# {item.id}: graded by nbgrader\n"
            f"### BEGIN HIDDEN TESTS\n{call}\n### END HIDDEN TESTS",
            metadata=_meta(f"test-{item.id}", grade=True, locked=True, points=float(item.points)),
        ),
    ]


def build_notebook(
    bank: Bank, items: list[Item], lang: Language, seed: int = 0
) -> tuple[nbformat.NotebookNode, ExportReport]:
    """The instructor's nbgrader quiz notebook for ``items`` (variants drawn with ``seed``)."""
    report = ExportReport(target="nbgrader notebook")
    intro = message("notebook_intro", lang)
    cells = [
        new_markdown_cell(
            f"# {course().title(lang)}: quiz\n\n{intro}", metadata=_meta("quiz-intro", locked=True)
        ),
        new_code_cell(_scoring_source() + HELPER, metadata=_meta("quiz-scoring", locked=True)),
    ]
    for item in items:
        cells += _question_cells(make_question(item, seed), lang)
        report.exported.append(item.id)
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook, report
