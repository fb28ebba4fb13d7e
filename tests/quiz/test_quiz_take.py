"""`quiz take`: scripted sessions, in-process and as a real subprocess (answers saved at once,
merged by item, kept on Ctrl-C and at the end of the input; bank text printed literally)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from autograder.paths import REPO_ROOT
from autograder.quiz.answers_store import AnswersStore
from autograder.quiz.grading import grade_answers, grade_response, read_answers
from autograder.quiz.take import FINISHED, Asked, run_quiz
from autograder.quiz.variants import make_question, seed_for_student
from autograder.quiz.view import view_of

SEED = 5


def asked_for(bank, ids, lang="tr", seed=SEED):
    questions = [make_question(bank.item(i), seed) for i in ids]
    return [Asked(view_of(q, lang), grade=lambda a, q=q: grade_response(q, a, lang))
            for q in questions]


def shown_number(bank, item_id: str, bank_key: str, seed: int = SEED, lang: str = "en") -> int:
    """The number ``quiz take`` shows for the option with ``bank_key`` (a, b, c...)."""
    view = view_of(make_question(bank.item(item_id), seed), lang)
    keys = [key for key, _ in view.choices]
    return view.display_order(len(keys)).index(keys.index(bank_key)) + 1


def test_when_a_session_is_saved_then_grading_the_file_gives_the_same_score(bank, tmp_path: Path):
    # m02-sdp-11 (ordering) and m02-msk-08 (matching): the decoding items moved to module 03
    ids = ["m02-sdp-01", "m02-qkv-04", "m02-smx-05", "m02-sdp-03", "m02-sdp-11", "m02-msk-08",
           "m02-smx-08"]
    answer = make_question(bank.item("m02-sdp-03"), SEED).answer
    lines = [
        "9",  # out of range: asked again
        str(shown_number(bank, "m02-sdp-01", "a", lang="tr")),  # single choice, right
        "1 2",  # multiple response
        "d",  # true/false: "doğru"
        f"{answer:.3f}",  # parametrised numeric, right
        "1 2 3 4",  # ordering
        *["1", "2", "3"],  # matching, one number per left-hand item
        "EKSİ SONSUZ",  # short answer in Turkish capitals, right
    ]
    output = io.StringIO()
    save = tmp_path / "answers.yaml"
    outcome = run_quiz(asked_for(bank, ids), lang="tr", console=Console(file=output, width=100),
                       stream=io.StringIO("\n".join(lines) + "\n"),
                       store=AnswersStore(save, "s1", SEED, "tr"),
                       section_title=lambda sid: bank.sections[sid].title("tr"))
    text = output.getvalue()
    assert outcome.stopped == FINISHED and outcome.saved == len(ids)
    assert "Okunamadı" in text and "bir seçeneğin numarası (ör. 2)" in text  # numbers, not letters
    assert "Özet" in text and "Toplam" in text
    by_id = {r.id: r for r in outcome.results}
    for item_id in ("m02-sdp-01", "m02-smx-05", "m02-sdp-03", "m02-smx-08"):
        assert by_id[item_id].status == "passed", item_id
    report = grade_answers(bank, read_answers(save))
    assert [r.id for r in report.items] == [i.id for i in bank.items if i.id in ids]
    assert report.score == round(sum(r.score for r in outcome.results), 4)


def test_when_one_question_is_asked_then_the_title_says_question_in_the_singular(bank):
    output = io.StringIO()
    run_quiz(asked_for(bank, ["m02-smx-05"], "en"), lang="en",
             console=Console(file=output, width=100), stream=io.StringIO("t\n"),
             section_title=str)
    assert "Quiz: 1 question" in output.getvalue() and "1 questions" not in output.getvalue()


def test_when_bank_text_has_brackets_then_it_is_printed_literally(bank):
    item = next(i for i in bank.items if "[p, 2i]" in i.prompt.en)
    output = io.StringIO()
    run_quiz(asked_for(bank, [item.id], "en"), lang="en",
             console=Console(file=output, width=200, force_terminal=True),
             stream=io.StringIO(""), section_title=str)
    assert "[p, 2i]" in output.getvalue()  # rich markup would have swallowed it


# ------------------------------------------------------------------ a real terminal session


def take(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "COLUMNS": "120"}
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "quiz", "take", "--lang", "en", *args],
        cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def answer_all(bank, section: str) -> list[str]:
    """A right (or at least readable) answer for every item of ``section``, as typed."""
    seed = seed_for_student("ayse")
    typed = []
    for item in bank.select(sections=[section]):
        question = make_question(item, seed)
        if item.type == "single_choice":
            right = next(chr(97 + i) for i, o in enumerate(item.options) if o.correct)
            typed.append(str(shown_number(bank, item.id, right, seed)))
        elif item.type in ("multiple_response", "ordering"):
            typed.append(" ".join(str(n + 1) for n in range(len(view_of(question, "en").choices))))
        elif item.type == "true_false":
            typed.append("t" if item.answer else "f")
        elif item.type == "numeric":
            typed.append(f"{question.answer:.6f}")
        elif item.type == "matching":
            typed += [str(n + 1) for n in range(len(item.pairs))]
        else:
            typed.append(item.accept.en[0])
    return typed


def test_when_the_input_ends_early_then_every_answer_given_is_saved_and_the_status_says_so(
    bank, tmp_path
):
    items = bank.select(sections=["softmax_temperature"])
    typed = answer_all(bank, "softmax_temperature")[:2]
    session = take(tmp_path, "--section", "softmax_temperature", "--student", "ayse",
                   "--save", "quizzes/answers/module02.yaml")
    out, err = session.communicate("\n".join(typed) + "\n", timeout=120)
    assert session.returncode == 1, err  # stopped before the last question
    saved = yaml.safe_load((tmp_path / "quizzes/answers/module02.yaml").read_text())
    assert list(saved["answers"]) == [items[0].id, items[1].id]
    assert set(saved["answered_at"]) == set(saved["answers"])
    assert f"The input ended: 2 of {len(items)} questions answered." in out
    assert "quizzes/answers/module02.yaml holds 2 answers (2 from this session)." in out


def test_when_interrupted_with_ctrl_c_then_the_answers_so_far_are_kept(bank, tmp_path):
    typed = answer_all(bank, "causal_masking")
    save = tmp_path / "answers.yaml"
    session = take(tmp_path, "--section", "causal_masking", "--student", "ayse",
                   "--save", str(save))
    session.stdin.write(typed[0] + "\n")
    session.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        save.exists() and yaml.safe_load(save.read_text())["answers"]
    ):
        time.sleep(0.05)
    time.sleep(0.2)  # waiting for the second answer now
    session.send_signal(signal.SIGINT)
    out, _ = session.communicate(timeout=60)
    assert session.returncode == 130
    assert len(yaml.safe_load(save.read_text())["answers"]) == 1
    out = " ".join(out.split())  # the terminal wraps the long temporary path anywhere
    assert "Stopped: 1 of" in out and "holds 1 answer (1 from this session)." in out


def test_when_two_sections_share_a_file_then_answers_merge_and_a_retake_replaces_one_item(
    bank, tmp_path
):
    save = tmp_path / "module02.yaml"
    for section in ("softmax_temperature", "causal_masking"):
        session = take(tmp_path, "--section", section, "--student", "ayse", "--save", str(save))
        session.communicate("\n".join(answer_all(bank, section)) + "\n", timeout=120)
        assert session.returncode == 0
    first = yaml.safe_load(save.read_text())
    sections = {"softmax_temperature", "causal_masking"}
    assert {bank.item(i).section for i in first["answers"]} == sections
    assert first["items"] == list(first["answers"])
    time.sleep(1.1)  # the answer's time is kept to the second
    session = take(tmp_path, "--section", "softmax_temperature", "--limit", "1", "--student",
                   "ayse", "--seed", str(seed_for_student("ayse")), "--save", str(save))
    session.communicate("\n".join(["1"] * 5) + "\n", timeout=120)  # any readable answer
    second = yaml.safe_load(save.read_text())
    changed = [i for i in first["answers"] if first["answered_at"][i] != second["answered_at"][i]]
    assert len(changed) == 1  # that item only, with its new time
    assert {k: v for k, v in second["answers"].items() if k not in changed} == {
        k: v for k, v in first["answers"].items() if k not in changed}
    assert list(second["answers"]) == list(first["answers"])  # nothing lost, nothing added
    assert bank.item(changed[0]).section == "softmax_temperature"


def test_when_the_file_belongs_to_another_student_then_it_is_left_alone(bank, tmp_path):
    save = tmp_path / "theirs.yaml"
    save.write_text("student: zeynep\nseed: 1\nanswers: {m02-smx-05: true}\n", encoding="utf-8")
    before = save.read_text()
    session = take(tmp_path, "--section", "softmax_temperature", "--student", "ayse",
                   "--save", str(save))
    _, err = session.communicate("t\n", timeout=120)
    assert session.returncode == 2
    assert "holds the answers of student 'zeynep'" in err
    assert save.read_text() == before


@pytest.mark.parametrize(("typed", "expected"), [
    ("x", "the number of one option (e.g. 2)"),
])
def test_when_an_option_is_typed_wrongly_then_the_message_asks_for_a_number(
    bank, tmp_path, typed, expected
):
    item = next(i for i in bank.select(sections=["softmax_temperature"])
                if i.type == "single_choice")
    session = take(tmp_path, "--section", "softmax_temperature", "--student", "ayse")
    lines = answer_all(bank, "softmax_temperature")
    position = [i.id for i in bank.select(sections=["softmax_temperature"])].index(item.id)
    out, _ = session.communicate("\n".join([*lines[:position], typed]) + "\n", timeout=120)
    assert expected in out
    assert "letter" not in out.split(item.id, 1)[1].split("Could not read", 1)[1].split("\n")[0]
