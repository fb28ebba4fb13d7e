"""Answers files and bank files built to hurt the grader: bounded work, one row each.

Every hostile file is built here (none is committed); each must cost only its own
student's result, in `quiz grade`, `quiz grade-all` and `grade-all`.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
import yaml

from autograder.cli import main
from autograder.quiz.bank import BankError, load_bank
from autograder.quiz.grading import AnswersFileError, read_answers

FIXTURES = Path(__file__).parent / "fixtures"


def alias_bomb(depth: int = 9) -> str:
    """About 600 bytes that expand to 9**depth strings in a naive reader."""
    lines = ["student: x", "answers:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, depth + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    lines.append(f"  m01-s2s-01: *l{depth}")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "bomb.yaml": alias_bomb(),
    "digits400.yaml": "answers:\n  m01-bn-02: " + "9" * 400 + "\n",
    "digits5000.yaml": "answers:\n  m01-bn-02: " + "9" * 5000 + "\n",
    "deep.json": '{"answers": {"m01-s2s-01": ' + "[" * 50_000 + "]" * 50_000 + "}}",
    "huge.yaml": "answers:\n  m01-s2s-01: '" + "a" * 300_000 + "'\n",
    "binary.yaml": "\udcff",
}


def write_hostile(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in HOSTILE.items():
        (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    (folder / "alice.yaml").write_text("student: alice\nanswers:\n  m01-s2s-01: a\n",
                                       encoding="utf-8")
    (folder / "mallory.yaml").write_text("student: alice\nanswers:\n  m01-s2s-01: a\n",
                                         encoding="utf-8")


@pytest.mark.parametrize("name", ["bomb.yaml", "deep.json", "huge.yaml", "binary.yaml"])
def test_an_unreadable_answers_file_is_refused_quickly_with_a_reason(name, tmp_path):
    write_hostile(tmp_path)
    started = time.monotonic()
    with pytest.raises(AnswersFileError) as error:
        read_answers(tmp_path / name)
    assert time.monotonic() - started < 2
    assert name in str(error.value)


@pytest.mark.parametrize("name", ["digits400.yaml", "digits5000.yaml"])
def test_an_absurd_number_makes_only_its_answer_invalid(name, tmp_path, capsys):
    write_hostile(tmp_path)
    assert main(["quiz", "grade", str(tmp_path / name), "--module", "module01", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_id = {item["id"]: item for item in report["items"]}
    assert by_id["m01-bn-02"]["status"] == "invalid"
    assert len(by_id["m01-bn-02"]["output"]) < 2000


def test_quiz_grade_all_writes_one_row_per_file_and_names_students_by_file(tmp_path, capsys):
    write_hostile(tmp_path / "answers")
    (tmp_path / "answers" / "=HYPERLINK(1).yaml").write_text("answers: {}\n", encoding="utf-8")
    out = tmp_path / "grades.csv"
    started = time.monotonic()
    assert main(["quiz", "grade-all", str(tmp_path / "answers"), "--out", str(out),
                 "--module", "module01"]) == 0
    assert time.monotonic() - started < 20
    with out.open(encoding="utf-8") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {*HOSTILE, "alice.yaml", "mallory.yaml", "'=HYPERLINK(1).yaml"}
    assert rows["alice.yaml"]["score"] == "1" and rows["alice.yaml"]["student"] == "alice"
    assert rows["mallory.yaml"]["student"] == "mallory"  # never what the file says
    assert rows["bomb.yaml"]["error"] and not rows["bomb.yaml"]["score"]
    assert rows["'=HYPERLINK(1).yaml"]["student"] == "'=HYPERLINK(1)"  # text, not a formula
    warnings = capsys.readouterr().err
    assert "says it is 'alice'; graded as 'mallory'" in warnings


def bank_with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    change(data["items"])
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _static_numeric_with_braces(items):
    numeric = next(i for i in items if i["type"] == "numeric" and "generator" not in i)
    numeric["explanation"]["en"] += " With e^{x_i} in the numerator."


def _infinite_points(items):
    items[0]["points"] = float("inf")


def _empty_short_answer(items):
    short = next(i for i in items if i["type"] == "short_answer")
    short["accept"]["en"].append("?")


@pytest.mark.parametrize("change, problem", [
    (_static_numeric_with_braces, "grading it fails"),
    (_infinite_points, "finite"),
    (_empty_short_answer, "empty once normalised"),
])
def test_validate_catches_what_grading_would_fail_on_with_file_and_line(change, problem,
                                                                         tmp_path, capsys):
    path = bank_with(tmp_path, change)
    assert main(["quiz", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert problem in err and "bank.yaml:" in err


def test_the_real_bank_passes_the_thorough_validation():
    load_bank(thorough=True)


def test_a_thorough_load_reports_a_bad_item_instead_of_failing(tmp_path):
    with pytest.raises(BankError) as error:
        load_bank([bank_with(tmp_path, _static_numeric_with_braces)], thorough=True)
    assert "x_i" in str(error.value.issues[0]) or "KeyError" in str(error.value.issues[0])
