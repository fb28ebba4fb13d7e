"""Bank validation: every problem is reported with file, line and item id."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.quiz.bank import BankError, load_bank

GOOD_OPTIONS = """\
    options:
      - text: {tr: "Bir", en: "One"}
        correct: true
        feedback: {tr: "Evet.", en: "Yes."}
      - text: {tr: "İki", en: "Two"}
        feedback: {tr: "Hayır.", en: "No."}
"""


def item(
    item_id: str,
    body: str = GOOD_OPTIONS,
    section: str = "softmax_temperature",
    explanation: str = '{tr: "Açıklama.", en: "Explanation."}',
) -> str:
    return f"""\
  - id: {item_id}
    type: single_choice
    section: {section}
    objective: softmax-properties
    difficulty: easy
    prompt: {{tr: "Soru?", en: "Question?"}}
{body}    explanation: {explanation}
"""


def issues_of(path: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank([path])
    return [str(i) for i in caught.value.issues]


def test_when_bank_is_valid_then_it_loads(write_bank):
    bank = load_bank([write_bank(item("ok-1"))])
    assert [i.id for i in bank.items] == ["ok-1"]


def test_when_translation_is_missing_then_error_names_file_line_item_and_language(write_bank):
    path = write_bank(item("ok-1") + item("no-en", explanation='{tr: "Yalnız."}'))
    [issue] = issues_of(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "Yalnız" in text)
    assert issue.endswith(f"bank.yaml:{line}: no-en: missing translation 'en' (explanation.en)")


def test_when_no_option_is_correct_then_it_is_reported(write_bank):
    body = GOOD_OPTIONS.replace("correct: true", "correct: false")
    [issue] = issues_of(write_bank(item("none-right", body)))
    assert "none-right: a single-choice item needs exactly one correct option, found 0" in issue


def test_when_ids_repeat_then_both_places_are_named(write_bank):
    issues = issues_of(write_bank(item("twice") + item("twice")))
    assert len(issues) == 1 and "twice: duplicate id (first in" in issues[0]


def test_when_option_texts_repeat_then_it_is_reported(write_bank):
    body = GOOD_OPTIONS.replace('{tr: "İki", en: "Two"}', '{tr: "BİR", en: "Two"}')
    [issue] = issues_of(write_bank(item("same-text", body)))
    assert "duplicate option text (tr)" in issue  # "BİR" and "Bir" are the same in Turkish


def test_when_section_is_unknown_then_it_is_reported(write_bank):
    [issue] = issues_of(write_bank(item("lost", section="no_such_section")))
    assert "lost: unknown section 'no_such_section'" in issue


def test_when_correct_is_written_yes_then_the_yaml_trap_is_explained(write_bank):
    body = GOOD_OPTIONS.replace("correct: true", "correct: yes")
    issues = issues_of(write_bank(item("yes-bool", body)))
    assert any("'yes', 'no', 'on', 'off' are text here" in i for i in issues)


NUMERIC = """\
  - id: {item_id}
    type: numeric
    section: softmax_temperature
    objective: softmax-properties
    difficulty: easy
    prompt: {{tr: "Kaç?", en: "How many?"}}
    answer: 0.5
    tolerance: {tolerance}
    distractors:
      - value: {distractor}
        feedback: {{tr: "Hayır.", en: "No."}}
    explanation: {{tr: "Çünkü.", en: "Because."}}
"""


def test_when_tolerance_band_overlaps_a_distractor_then_it_is_reported(write_bank):
    text = NUMERIC.format(item_id="overlap", tolerance="0.1", distractor="0.6")
    [issue] = issues_of(write_bank(text))
    assert "overlap: tolerance band ±0.1 of the answer (0.5) overlaps distractor 0.6" in issue


def test_when_tolerance_is_written_1e_3_then_it_is_a_number(write_bank):
    text = NUMERIC.format(item_id="exp-tol", tolerance="1e-3", distractor="0.6")
    bank = load_bank([write_bank(text)])
    assert bank.items[0].tolerance == pytest.approx(0.001)


def test_when_a_template_names_an_unknown_value_then_it_is_reported(write_bank):
    text = """\
  - id: bad-template
    type: numeric
    section: scaled_dot_product
    objective: sdp-why-scale
    difficulty: easy
    generator: dot_product_spread
    params: {d_k: [16, 64]}
    tolerance: 0.05
    decimals: 2
    prompt: {tr: "d_k = {d_k}, {oops}?", en: "d_k = {d_k}?"}
    distractors:
      - mistake: gave_variance
        feedback: {tr: "Hayır.", en: "No."}
    explanation: {tr: "Çünkü.", en: "Because."}
"""
    [issue] = issues_of(write_bank(text))
    assert "bad-template: unknown placeholder {oops} in a tr text" in issue


def test_when_a_mistake_name_is_unknown_then_it_is_reported(write_bank):
    text = """\
  - id: bad-mistake
    type: numeric
    section: scaled_dot_product
    objective: sdp-why-scale
    difficulty: easy
    generator: dot_product_spread
    params: {d_k: [16, 64]}
    tolerance: 0.05
    decimals: 2
    prompt: {tr: "d_k = {d_k}?", en: "d_k = {d_k}?"}
    distractors:
      - mistake: typo_mistake
        feedback: {tr: "Hayır.", en: "No."}
    explanation: {tr: "Çünkü.", en: "Because."}
"""
    [issue] = issues_of(write_bank(text))
    assert "computes no mistake named ['typo_mistake']" in issue
