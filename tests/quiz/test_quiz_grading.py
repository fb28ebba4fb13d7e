"""Grading answers files, the CLI around it and batch grading to CSV."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.paths import REPO_ROOT
from autograder.quiz.grading import AnswersFile, grade_answers, grade_response, read_answers
from autograder.quiz.variants import make_question

SAMPLE = REPO_ROOT / "quizzes" / "samples" / "demo-student.yaml"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """Run ``python -m autograder quiz ARGS`` in this process; an uncaught exception fails."""

    def run(*args: str) -> Done:
        code = main(["quiz", *args])
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return run


def test_sample_answers_file_grades_with_each_status(bank):
    report = grade_answers(bank, read_answers(SAMPLE))
    by_id = {r.id: r for r in report.items}
    assert report.max_score == len(bank.select(["module01"]))
    assert by_id["m01-s2s-01"].status == "passed"
    assert by_id["m01-s2s-02"].status == "partial"
    assert by_id["m01-s2s-04"].status == "failed"
    assert by_id["m01-bn-10"].status == "unanswered"
    assert by_id["m01-bn-11"].status == "invalid"
    assert by_id["m01-ed-07"].status == "passed"  # "KODLAYICI" in Turkish capitals
    assert by_id["m01-bn-06"].status == "passed"  # "0,552" with a decimal comma


def test_when_a_numeric_answer_matches_a_mistake_then_that_mistakes_feedback_is_given(bank):
    item = bank.item("m01-ed-10")
    question = make_question(item, 42)
    forgot_tanh = question.distractors[0].value
    result = grade_response(question, forgot_tanh, "en")
    assert result.status == "failed"
    assert "the value before tanh" in result.output
    result_tr = grade_response(question, forgot_tanh, "tr")
    assert "tanh uygulanmadan önceki değerdir" in result_tr.output


def test_when_a_choice_shown_numeric_is_answered_by_letter_then_it_is_graded(bank):
    item = bank.item("m02-sdp-04")
    question = make_question(item, 3)
    letter = "abcd"[question.correct_position]
    assert grade_response(question, letter, "en").status == "passed"


def test_when_a_known_wrong_short_answer_is_given_then_its_feedback_is_shown(bank):
    question = make_question(bank.item("m02-sdp-10"))
    result = grade_response(question, "D_MODEL", "tr")
    assert result.status == "failed" and "d_model modelin toplam boyutudur" in result.output


def test_when_answers_name_unknown_items_then_a_warning_is_reported(bank):
    answers = AnswersFile(student="x", modules=["module01"], answers={"nope": "a"})
    report = grade_answers(bank, answers)
    assert report.warnings == ["answer for 'nope' ignored: no such item in this quiz"]
    assert all(r.status == "unanswered" for r in report.items)


def test_cli_grade_json_has_the_code_graders_shape(cli):
    done = cli("grade", str(SAMPLE), "--json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"score", "max_score", "items"} <= set(report)
    assert set(report["items"][0]) >= {"id", "score", "max_score", "status", "output"}
    assert report["lang"] == "en" and "Correct." in report["items"][0]["output"]


def test_cli_usage_errors_exit_2_without_traceback(cli, tmp_path: Path):
    missing = cli("grade", str(tmp_path / "missing.yaml"))
    assert missing.returncode == 2 and "no such answers file" in missing.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("student: [unclosed\n", encoding="utf-8")
    broken = cli("grade", str(bad))
    assert broken.returncode == 2 and "not valid YAML" in broken.stderr
    unknown = cli("grade", str(SAMPLE), "--section", "nope")
    assert unknown.returncode == 2 and "unknown section 'nope'" in unknown.stderr
    for done in (missing, broken, unknown):
        assert "Traceback" not in done.stderr


def test_cli_validate_reports_counts(cli):
    done = cli("validate")
    assert done.returncode == 0 and "quiz bank OK" in done.stdout


def test_grade_all_writes_one_row_per_file_and_reports_unreadable_ones(cli, tmp_path: Path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "a.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.json").write_text(
        json.dumps({"student": "b", "modules": ["module01"], "answers": {"m01-s2s-01": "a"}}),
        encoding="utf-8",
    )
    (folder / "c.yaml").write_text("answers: {}\n", encoding="utf-8")  # the file name says who
    (folder / "d.yaml").write_text("answers: [unclosed\n", encoding="utf-8")
    out = tmp_path / "grades.csv"
    done = cli("grade-all", str(folder), "--out", str(out), "--module", "module01")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["file"] for r in rows] == ["a.yaml", "b.json", "c.yaml", "d.yaml"]
    assert rows[1]["score"] == "1" and rows[1]["m01-s2s-01"] == "1"
    assert rows[2]["student"] == "c" and rows[2]["score"] == "0" and not rows[2]["error"]
    assert rows[3]["error"] and "not valid YAML" in rows[3]["error"] and not rows[3]["score"]
    assert "m01-bn-11" in rows[0]


# Responses of every kind: right and wrong keys, lists, mappings, numbers, texts, blanks and
# unreadable ones; each item grades those of its own kind and finds the others invalid.
GOLDEN_RESPONSES = [
    None, "", "a", "b", "c", ["a", "c"], "a, b", ["c", "a", "b"], "a b c", "b a c d e",
    {"a": 1, "b": 2, "c": 3}, {"a": 2, "b": 1}, {"a": 9}, True, False, "yanlış", 0.25, "0,25",
    2, 8, 0.5, "zzz", "attention", "DİKKAT", [1, 2], 1e400,
]


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_grading_feedback_on_the_mini_bank_matches_its_golden_file(mini_bank, lang, check_golden):
    lines = []
    for item in mini_bank.items:
        for seed in (0, 3):
            question = make_question(item, seed)
            extra = [d.value for d in question.distractors]
            if question.answer is not None:
                extra += [question.answer]
            if item.type == "short_answer":
                extra += [a for w in item.wrong_answers for a in w.answers(lang)]
            for response in [*GOLDEN_RESPONSES, *extra]:
                result = grade_response(question, response, lang)
                lines.append(json.dumps([item.id, seed, repr(response), result.status,
                                         result.score, result.output], ensure_ascii=False))
    check_golden(f"grading_mini_{lang}.jsonl", "\n".join(lines) + "\n")
