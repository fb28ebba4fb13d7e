"""`python -m autograder progress`: functions done / wrong / not started, quizzes, next step."""

from __future__ import annotations

import textwrap

import pytest

from autograder.cli import main

pytestmark = pytest.mark.slow

BUGGY_SOFTMAX = textwrap.dedent("""
    def softmax(x, axis=-1, temperature=1.0):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)  # temperature ignored
""")


def test_when_one_module_is_done_and_one_is_buggy_then_progress_says_what_to_fix(
    learner_copy, tmp_path, capsys
):
    learner_copy("completed", "en", "module01_seq2seq")
    learner_copy("completed", "en", "module02_attention", BUGGY_SOFTMAX)
    assert main(["progress", str(tmp_path / "exercises" / "en"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "✅ rnn_encoder" in out and "done" in out
    assert "❌ softmax" in out and "wrong" in out and "3/4 checks" in out
    assert "no quiz attempts yet" in out
    # module 01 is done, so its quiz comes before module 02's functions
    assert "Next: every function of Sequence-to-sequence models passes; answer its quiz" in out


def test_when_notebooks_are_stubs_then_progress_says_not_started_and_names_the_first(
    learner_copy, tmp_path, capsys
):
    learner_copy("released", "tr", "module01_seq2seq")
    assert main(["progress", str(tmp_path / "exercises" / "tr"), "--lang", "tr"]) == 0
    out = capsys.readouterr().out
    assert "⏳ rnn_encoder" in out and "başlanmadı" in out
    assert "not defteri bulunamadı" in out  # module02_attention.ipynb is not in the folder
    assert "Sıradaki:" in out and "`rnn_encoder`" in out
    assert "module01_seq2seq.ipynb::rnn_encoder" in out


def test_when_quiz_answers_are_given_then_attempted_sections_show_their_scores(
    learner_copy, tmp_path, capsys
):
    learner_copy("completed", "en", "module01_seq2seq")
    answers = tmp_path / "answers.yaml"
    answers.write_text("student: ayse\nanswers:\n  m01-s2s-01: a\n", encoding="utf-8")
    assert main(["progress", str(tmp_path / "exercises" / "en"), "--lang", "en",
                 "--quiz-answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "📝 Seq2seq models and their uses:" in out
    assert "1/10 questions answered" in out or "questions answered" in out


def test_when_a_quiz_answers_file_is_broken_then_progress_reports_it_and_goes_on(
    learner_copy, tmp_path, capsys
):
    learner_copy("completed", "en", "module01_seq2seq")
    broken = tmp_path / "broken.yaml"
    broken.write_text("answers: [", encoding="utf-8")
    assert main(["progress", str(tmp_path / "exercises" / "en"), "--lang", "en",
                 "--quiz-answers", str(broken)]) == 0
    assert "could not read the quiz answers" in capsys.readouterr().out


def test_when_the_course_file_is_invalid_then_progress_exits_with_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "course.yaml"
    bad.write_text("modules: [", encoding="utf-8")
    assert main(["progress", "--course", str(bad)]) == 2
    assert "error:" in capsys.readouterr().err
