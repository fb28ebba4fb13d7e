"""Every per-item-type table covers every item type, so a new type cannot be forgotten."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import autograder.quiz
from autograder.quiz.item_types import ITEM_MODELS, ByItemType, type_name
from autograder.quiz.schema import ITEM_TYPES, SingleChoice


def _import_every_quiz_module() -> None:
    for module in pkgutil.walk_packages(autograder.quiz.__path__, "autograder.quiz."):
        importlib.import_module(module.name)


def test_the_item_models_are_the_item_types():
    assert tuple(type_name(model) for model in ITEM_MODELS) == ITEM_TYPES


def test_every_table_has_one_entry_per_item_type():
    _import_every_quiz_module()
    names = {table.name for table in ByItemType.built}
    # grading, taking, the views, the student package and the three exporters
    assert {"grading", "question view", "bank keys", "questions only", "Moodle XML",
            "text2qti", "notebook answers", "typed answers"} <= names
    for table in ByItemType.built:
        assert sorted(table.entries) == sorted(ITEM_TYPES), table.name


def test_a_table_that_forgets_a_type_cannot_be_built():
    before = list(ByItemType.built)
    with pytest.raises(TypeError, match=r"missing \['MultipleResponse'"):
        ByItemType("incomplete", {SingleChoice: 1})
    with pytest.raises(TypeError, match="not item types"):
        ByItemType("unknown", {**dict.fromkeys(ITEM_MODELS, 1), int: 1})  # type: ignore[dict-item]
    assert ByItemType.built == before


def test_a_shipped_question_of_a_choice_type_without_its_choices_is_a_problem(mini_bank):
    from autograder.quiz.compiled import QuestionsOnly, check_questions, compile_bank

    data = compile_bank(mini_bank, "graded")
    assert check_questions(QuestionsOnly(data)) == []
    for entry in data["items"]:
        entry.pop("choices", None)
    problems = check_questions(QuestionsOnly(data))
    without = {p.split(": ")[1] for p in problems if p.endswith(": no choices")}
    kinds = {"single_choice", "multiple_response", "ordering", "matching"}
    assert without == {item.id for item in mini_bank.items if item.type in kinds}
