"""The public checks: friendly, self-contained, right for the reference, wrong for mistakes."""

from __future__ import annotations

import ast

import numpy as np
import pytest

import solutions
from autograder.config import course
from autograder.engine import grade_path
from autograder.feedback import catalog
from autograder.paths import PACKAGE_DIR
from autograder.selfcheck import run_check
from autograder.selfstudy.suites import PUBLIC_TESTS_DIR

FUNCTIONS = [fn.name for fn in course().functions()]


def public_checks() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PUBLIC_TESTS_DIR.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[path.stem.removeprefix("test_")] = [
            node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
    return found


def test_when_listed_then_every_graded_function_has_two_to_four_public_checks():
    checks = public_checks()
    assert set(checks) == set(FUNCTIONS)
    assert all(2 <= len(names) <= 4 for names in checks.values()), checks


@pytest.mark.parametrize(
    ("function", "test"), [(f, t) for f, tests in public_checks().items() for t in tests]
)
def test_when_a_public_check_exists_then_its_title_is_in_both_languages(function, test):
    assert test.startswith("test_public_"), "public names must not clash with hidden ones"
    texts = catalog()[f"test.{function}.{test.removeprefix('test_')}"]
    assert texts["en"].strip() and texts["tr"].strip()


def test_when_public_checks_are_read_then_none_imports_the_solutions():
    shipped = [*PUBLIC_TESTS_DIR.glob("*.py"), *(PACKAGE_DIR / "recognisers").glob("*.py")]
    assert len(shipped) > len(list(PUBLIC_TESTS_DIR.glob("*.py")))
    for path in shipped:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("solutions", "torch") for n in names), path
            assert not any(n.startswith("autograder.hidden") for n in names), path


def test_when_the_reference_is_graded_with_public_checks_then_it_gets_full_marks(
    reference_submission,
):
    report = grade_path(reference_submission, lang="en", tests_dir=PUBLIC_TESTS_DIR)
    failed = [(t.name, t.output) for t in report.tests if t.status != "passed"]
    assert failed == []
    assert {t.function for t in report.tests} == set(FUNCTIONS)


def _reference_namespace() -> dict:
    return {name: getattr(solutions, name) for name in FUNCTIONS}


def interleaved_split_heads(x, num_heads):
    b, t, d = x.shape
    return x.reshape(b, t, d // num_heads, num_heads).transpose(0, 3, 1, 2)


def unscaled_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = solutions.softmax(scores)
    return weights @ v, weights


def softmax_without_exp(x, axis=-1, temperature=1.0):
    with np.errstate(all="ignore"):
        return x / np.sum(x, axis=axis, keepdims=True)


def mask_with_diagonal_excluded(seq_len):
    return np.tril(np.ones((seq_len, seq_len), dtype=bool), k=-1)


def context_from_first_state(x, W_xh, W_hh, b_h, h0=None):
    states, _ = solutions.rnn_encoder(x, W_xh, W_hh, b_h, h0)
    return states, states[..., 0, :]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize(("function", "wrong", "expected_text"), [
    ("split_heads", interleaved_split_heads, "interleaved features"),
    ("scaled_dot_product_attention", unscaled_attention, "not scaled"),
    ("softmax", softmax_without_exp, "without taking the exponential"),
    ("causal_mask", mask_with_diagonal_excluded, "leaves out the diagonal"),
    ("rnn_encoder", context_from_first_state, "first hidden state"),
])
def test_when_a_typical_mistake_is_checked_then_a_public_check_names_it(
    function, wrong, expected_text
):
    namespace = _reference_namespace() | {function: wrong}
    result = run_check(function, namespace, "en")
    assert result.state == "wrong"
    assert any(expected_text in t.output for t in result.failures), [
        t.output for t in result.failures]
