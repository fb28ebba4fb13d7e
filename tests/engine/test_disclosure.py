"""Feedback discloses no more than it must: one quoted value per function, capped student text."""

from __future__ import annotations

import pytest

from autograder.engine import grade_path
from autograder.feedback import STUDENT_TEXT_LIMIT, cap, catalog
from autograder.outcomes import HELD_BACK_KEY as HELD_BACK
from autograder.outcomes import SEE_FIRST_KEY

DOUBLED_SCORES = '''
import numpy as np

def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = 2.0 * np.asarray(x, dtype=float) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''

# Tries to carry the hidden inputs out: every call raises with all of x in the message.
LEAKS_THROUGH_EXCEPTIONS = '''
import numpy as np

def softmax(x, axis=-1, temperature=1.0):
    raise RuntimeError("inputs: " + repr(np.asarray(x).tolist()) * 20)
'''

LEAKS_THROUGH_PRINTS = '''
import numpy as np

def softmax(x, axis=-1, temperature=1.0):
    print("inputs:", np.asarray(x).tolist())
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''


def see_first_opening(lang: str) -> str:
    return catalog()[SEE_FIRST_KEY][lang].split("{")[0]


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_when_many_checks_fail_then_only_the_first_quotes_values(write_submission, lang):
    report = grade_path(write_submission(DOUBLED_SCORES), functions=["softmax"], lang=lang)
    failed = [t for t in report.tests if t.status != "passed" and t.feedback_key != HELD_BACK]
    assert len(failed) >= 5
    wrong_values = catalog()["check.values"][lang].split("{")[0]
    quoting = [t for t in failed if wrong_values in t.output]
    assert quoting == failed[:1], [t.output for t in failed]
    later = failed[1:]
    referring = [t for t in later if t.output.startswith(see_first_opening(lang))]
    named = [t for t in later if t.feedback_key.startswith("mistake.")]
    assert referring and len(referring) + len(named) == len(later), [t.output for t in later]
    assert all(f"“{failed[0].title}”" in t.output for t in referring)


def test_when_exception_messages_carry_inputs_then_the_feedback_quotes_a_few_hundred_characters(
    write_submission,
):
    report = grade_path(write_submission(LEAKS_THROUGH_EXCEPTIONS), functions=["softmax"],
                        lang="en")
    outputs = [t.output for t in report.tests if t.status != "passed"]
    quoting = [o for o in outputs if "inputs: [" in o]
    assert len(quoting) == 1  # later failures point to the first instead of quoting theirs
    assert "more characters not shown" in quoting[0]
    assert quoting[0].count("inputs: ") <= STUDENT_TEXT_LIMIT // len("inputs: ")
    assert sum(len(o) for o in outputs) < 4000


def test_when_the_code_prints_its_inputs_then_the_report_keeps_a_few_hundred_characters(
    write_submission,
):
    report = grade_path(write_submission(LEAKS_THROUGH_PRINTS), functions=["softmax"],
                        lang="en")
    assert report.score == 10
    assert "inputs:" in report.student_output
    assert len(report.student_output) < STUDENT_TEXT_LIMIT + 100
    assert "more characters not shown" in report.student_output


@pytest.mark.parametrize(("lang", "note"), [("en", "[… 700 more characters not shown]"),
                                            ("tr", "[… 700 karakter daha gösterilmiyor]")])
def test_when_text_is_capped_then_it_keeps_one_end_and_says_how_much_is_missing(lang, note):
    text = "a" * 500 + "b" * 500
    assert cap(text, lang) == "a" * 300 + " " + note
    assert cap(text, lang, keep="tail") == note + " " + "b" * 300
    assert cap("short", lang) == "short"
