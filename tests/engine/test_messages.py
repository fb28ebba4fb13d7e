"""The bilingual message catalog: complete, consistent, and covering every hidden check."""

from __future__ import annotations

import ast

import pytest

from autograder.config import course
from autograder.feedback import catalog, message
from autograder.paths import HIDDEN_TESTS_DIR

# Both languages, the same placeholders, no empty text: tests/engine/test_texts.py, for every
# catalog.


def hidden_checks() -> list[tuple[str, str]]:
    found = []
    for path in sorted(HIDDEN_TESTS_DIR.glob("test_*.py")):
        function = path.stem.removeprefix("test_")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                found.append((function, node.name.removeprefix("test_")))
    return found


def test_every_graded_function_has_hidden_checks():
    tested = {function for function, _ in hidden_checks()}
    assert tested == {fn.name for fn in course().functions()}


@pytest.mark.parametrize(("function", "check"), hidden_checks())
def test_every_hidden_check_has_a_title_in_both_languages(function, check):
    assert f"test.{function}.{check}" in catalog()


def feedback_keys_used_in_code() -> set[str]:
    keys = set()
    roots = [HIDDEN_TESTS_DIR, HIDDEN_TESTS_DIR.parent]
    for root in roots:
        for path in root.glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    value = node.value
                    if value.startswith(("mistake.", "check.")) and " " not in value and (
                        not value.endswith(".")
                    ):
                        keys.add(node.value)
    return keys


@pytest.mark.parametrize("key", sorted(feedback_keys_used_in_code()))
def test_every_feedback_key_used_in_code_exists(key):
    assert key in catalog()


def test_terms_are_translated_inside_messages():
    assert "dikkat ağırlıkları" in message("check.shape", "tr", what="weights", expected=(1,),
                                           got=(2,))


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_inverted_mask_feedback_names_both_pytorch_conventions(lang):
    """True = may attend holds for F.scaled_dot_product_attention, not for nn.MultiheadAttention."""
    text = message("mistake.scaled_dot_product_attention.mask_inverted", lang)
    assert "scaled_dot_product_attention" in text
    assert "MultiheadAttention" in text and "key_padding_mask" in text
