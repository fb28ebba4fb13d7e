"""Scoring rules and the Turkish-aware normalisation of short answers."""

from __future__ import annotations

import pytest

from autograder.quiz import scoring


def test_when_turkish_capitals_are_lowered_then_dotted_and_dotless_i_are_kept_apart():
    assert "KİP".lower() != "kip"  # the Python behaviour the quiz must not rely on
    assert scoring.normalise("KİP", "tr") == "kip"
    assert scoring.normalise("ISI", "tr") == "ısı"
    assert scoring.normalise("  Kodlayıcı. ", "tr") == "kodlayıcı"


def test_when_a_turkish_student_types_an_english_term_in_capitals_then_it_matches():
    assert scoring.short_answer_matches("VANISHING GRADIENT", ["vanishing gradient"], "tr")
    assert scoring.short_answer_matches("KODLAYICI", ["kodlayıcı"], "tr")
    assert not scoring.short_answer_matches("kodlayici x", ["kodlayıcı"], "tr")


def test_multiple_response_gives_partial_credit_and_never_below_zero():
    assert scoring.score_multiple({"a", "b"}, {"a", "b", "c"}) == pytest.approx(2 / 3)
    assert scoring.score_multiple({"a", "d"}, {"a", "b"}) == 0.0
    assert scoring.score_multiple({"d", "e"}, {"a"}) == 0.0


def test_ordering_and_matching_score_by_position():
    assert scoring.score_ordering(["a", "b", "d", "c"]) == 0.5
    assert scoring.score_matching({"a": 1, "b": 3, "c": 2}, 3) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("parse", "raw"),
    [
        (lambda r: scoring.parse_key(r, 3), "d"),
        (lambda r: scoring.parse_keys(r, 3), "a, a"),
        (lambda r: scoring.parse_order(r, 3), ["a", "b"]),
        (lambda r: scoring.parse_number(r), "nan"),
        (lambda r: scoring.parse_bool(r), "maybe"),
        (lambda r: scoring.parse_matching(r, 2), {"a": 5}),
    ],
)
def test_when_an_answer_is_unreadable_then_answer_format_error(parse, raw):
    with pytest.raises(scoring.AnswerFormatError):
        parse(raw)


def test_numbers_accept_a_decimal_comma_and_booleans_accept_turkish_words():
    assert scoring.parse_number("0,25") == 0.25
    assert scoring.parse_bool("Doğru") is True
    assert scoring.parse_bool("YANLIŞ") is False


def test_when_the_prompt_asks_for_positions_then_a_whole_number_is_right(bank):
    """m02-pe-04 asks after how many positions a pair repeats: 19869 for 19869.18 is right."""
    from autograder.quiz.grading import grade_response
    from autograder.quiz.variants import make_question

    item = bank.item("m02-pe-04")
    for seed in range(60):
        question = make_question(item, seed)
        assert grade_response(question, round(question.answer), "en").status == "passed", seed
        for distractor in question.distractors:  # each known mistake is still named
            result = grade_response(question, round(distractor.value, 2), "en")
            assert result.status == "failed" and "Correct answer" in result.output
