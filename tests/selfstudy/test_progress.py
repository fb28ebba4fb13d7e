"""`python -m autograder progress`: functions done / wrong / not started, quizzes, next step."""

from __future__ import annotations

import os
import subprocess
import textwrap

import nbformat
import pytest

from autograder.cli import main
from tests.selfstudy.conftest import with_cell

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
    # module 01 is done, so its quiz comes before module 02's functions, with the command
    assert "Next: every function of Sequence-to-sequence models passes; take its quiz: " in out
    assert "-m autograder quiz take --module module01 --lang en --save " in out


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


def next_command(out: str) -> str:
    """The command of the 'Next:' line."""
    line = next(line for line in out.splitlines() if line.startswith("Next:"))
    return line.split(": ", 2)[-1]


@pytest.mark.parametrize("full", [False, True])
def test_when_progress_recommends_a_command_then_it_runs_as_printed_from_here(
    learner_copy, tmp_path, capsys, monkeypatch, full
):
    learner_copy("completed", "en", "module02_attention", BUGGY_SOFTMAX)
    monkeypatch.chdir(tmp_path)
    assert main(["progress", "exercises/en", *(["--full"] if full else [])]) == 0
    command = next_command(capsys.readouterr().out)
    assert command.split()[0].endswith(os.path.join(".venv", "bin", "pytest"))  # not PATH's
    assert command.split()[1] == "exercises/en/module02_attention.ipynb::softmax"
    assert ("--full" in command.split()) == full
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")}
    env["PATH"] = "/usr/bin:/bin"  # what runs is what was printed, not what PATH finds
    done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr  # it ran, and softmax fails
    assert "module02_attention.ipynb::softmax" in done.stdout
    assert ("complete hidden suite" in done.stdout) == full


def test_when_notebooks_are_english_then_progress_is_english_without_lang(
    learner_copy, tmp_path, capsys
):
    learner_copy("released", "en", "module01_seq2seq")
    assert main(["progress", str(tmp_path / "exercises" / "en")]) == 0  # the course's is tr
    out = capsys.readouterr().out
    assert out.startswith("Your progress (public checks)")
    assert "⏳ rnn_encoder" in out and "not started" in out
    assert "Next: write `rnn_encoder`" in out


def test_when_a_copy_sits_beside_the_notebook_then_the_canonical_file_wins_and_the_copy_is_named(
    learner_copy, tmp_path, capsys
):
    canonical = learner_copy("completed", "en", "module02_attention")
    copy = canonical.with_name("module02_attention-Copy1.ipynb")
    with_cell(canonical, BUGGY_SOFTMAX, copy)
    assert main(["progress", str(canonical.parent), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "✅ softmax" in out  # the canonical notebook was checked, not the buggy copy
    assert "also found " in out and "module02_attention-Copy1.ipynb" in out


def test_when_the_cell_defining_a_function_fails_then_progress_shows_the_real_cause(
    learner_copy, tmp_path, capsys
):
    notebook = learner_copy("completed", "en", "module02_attention")
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "solution-layer_norm")
    cell.source = "def layer_norm(x, gamma, beta, eps=1e-5)\n    return x\n"
    nbformat.write(nb, notebook)
    assert main(["progress", str(notebook.parent), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "❓ layer_norm" in out
    assert "`layer_norm` is not defined because <code cell" in out and "SyntaxError" in out
    assert "Hint: `encoder_layer` builds on" not in out  # a missing foundation is no hint
