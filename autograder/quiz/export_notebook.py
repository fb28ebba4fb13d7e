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

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.config import Language, course
from autograder.quiz import scoring
from autograder.quiz.bank import Bank
from autograder.quiz.export_common import ExportReport
from autograder.quiz.messages import message
from autograder.quiz.schema import (
    OPTION_KEYS,
    Item,
    Matching,
    MultipleResponse,
    Numeric,
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


def _shown(question: Question, lang: Language) -> tuple[list[str], dict | None, str]:
    """Markdown lines showing the choices, the shown→bank mapping, and an example answer."""
    item = question.item
    t = question.text
    mapping: dict[str, str] | dict[int, int]
    if isinstance(item, SingleChoice | MultipleResponse | Ordering):
        entries = item.steps if isinstance(item, Ordering) else item.options
        order = display_order(question, len(entries))
        lines = [f"- **{OPTION_KEYS[s]})** {t(entries[i].text, lang)}" for s, i in enumerate(order)]
        mapping = {OPTION_KEYS[s]: OPTION_KEYS[i] for s, i in enumerate(order)}
        if isinstance(item, SingleChoice):
            return lines, mapping, '"b"'
        return (
            lines,
            mapping,
            '["a", "c"]' if isinstance(item, MultipleResponse) else '["c", "a", "b"]',
        )
    if isinstance(item, Matching):
        order = display_order(question, len(item.pairs))
        lines = [f"- **{OPTION_KEYS[i]})** {t(p.left, lang)}" for i, p in enumerate(item.pairs)]
        lines += [f"- **{s + 1}.** {t(item.pairs[i].right, lang)}" for s, i in enumerate(order)]
        mapping = {s + 1: i + 1 for s, i in enumerate(order)}
        return lines, mapping, '{"a": 2, "b": 1}'
    if isinstance(item, Numeric) and question.choices:
        lines = [
            f"- **{OPTION_KEYS[s]})** {question.number(v)}" for s, v in enumerate(question.choices)
        ]
        return lines, None, '"b"'
    if isinstance(item, TrueFalse):
        return [], None, "True"
    if isinstance(item, Numeric):
        return [], None, "0.25"
    return [], None, '"..."'


def _key(question: Question, lang: Language) -> tuple[str, dict]:
    """The scoring kind and the JSON-able answer key of a question."""
    item = question.item
    if isinstance(item, SingleChoice):
        correct = next(OPTION_KEYS[i] for i, o in enumerate(item.options) if o.correct)
        return "single_choice", {"n": len(item.options), "correct": correct}
    if isinstance(item, MultipleResponse):
        correct_keys = [OPTION_KEYS[i] for i, o in enumerate(item.options) if o.correct]
        return "multiple_response", {"n": len(item.options), "correct": correct_keys}
    if isinstance(item, TrueFalse):
        return "true_false", {"answer": item.answer}
    if isinstance(item, Numeric):
        key = {"answer": question.correct_number, "tolerance": item.band(question.correct_number)}
        if question.choices:
            return "numeric_choice", {
                **key,
                "choices": dict(zip(OPTION_KEYS, question.choices, strict=False)),
            }
        return "numeric", key
    if isinstance(item, Ordering):
        return "ordering", {"n": len(item.steps)}
    if isinstance(item, Matching):
        return "matching", {"n": len(item.pairs)}
    assert isinstance(item, ShortAnswer)
    return "short_answer", {"accept": item.accept(lang), "lang": lang}


def solution_value(question: Question, mapping: dict | None, lang: Language) -> str:
    """Python source of the correct answer, in the letters the student sees."""
    item = question.item
    inverse = {v: k for k, v in (mapping or {}).items()}
    if isinstance(item, SingleChoice):
        correct = next(OPTION_KEYS[i] for i, o in enumerate(item.options) if o.correct)
        return repr(inverse[correct])
    if isinstance(item, MultipleResponse):
        return repr(
            sorted(inverse[OPTION_KEYS[i]] for i, o in enumerate(item.options) if o.correct)
        )
    if isinstance(item, Ordering):
        return repr([inverse[OPTION_KEYS[i]] for i in range(len(item.steps))])
    if isinstance(item, Matching):
        return repr({OPTION_KEYS[i]: inverse[i + 1] for i in range(len(item.pairs))})
    if isinstance(item, TrueFalse):
        return repr(item.answer)
    if isinstance(item, Numeric) and question.choices:
        return repr(OPTION_KEYS[question.choices.index(question.answer)])
    if isinstance(item, Numeric):
        return question.number(question.correct_number)
    assert isinstance(item, ShortAnswer)
    return repr(item.accept(lang)[0])


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
        question = make_question(item, seed)
        variable = _variable(item)
        lines, mapping, example = _shown(question, lang)
        expected = message(f"expected.{'numeric_choice' if question.choices else item.type}", lang)
        body = [f"### {item.id} ({float(item.points):g})", "", question.text(item.prompt, lang), ""]
        body += [*lines, "", f"`{variable} = {example}`  ({expected})"]
        cells.append(
            new_markdown_cell("\n".join(body), metadata=_meta(f"q-{item.id}", locked=True))
        )
        cells.append(
            new_code_cell(
                "### BEGIN SOLUTION\n"
                f"{variable} = {solution_value(question, mapping, lang)}\n"
                "### END SOLUTION",
                metadata=_meta(f"answer-{item.id}", solution=True),
            )
        )
        kind, key = _key(question, lang)
        call = (
            f"_quiz_points({kind!r}, {variable}, {key!r}, "
            f"{float(item.points)!r}, mapping={mapping!r})"
        )
        cells.append(
            new_code_cell(
                f"# {item.id}: graded by nbgrader\n"
                f"### BEGIN HIDDEN TESTS\n{call}\n### END HIDDEN TESTS",
                metadata=_meta(
                    f"test-{item.id}", grade=True, locked=True, points=float(item.points)
                ),
            )
        )
        report.exported.append(item.id)
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook, report
