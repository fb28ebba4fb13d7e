"""`quiz take` in a terminal session driven by scripted input."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from autograder.quiz.grading import grade_answers, read_answers
from autograder.quiz.take import display_order, run_quiz
from autograder.quiz.variants import make_question


def test_when_a_session_is_saved_then_grading_the_file_gives_the_same_score(bank, tmp_path: Path):
    ids = [
        "m02-sdp-01",
        "m02-qkv-04",
        "m02-smx-05",
        "m02-sdp-03",
        "m02-sdp-11",
        "m02-msk-08",
        "m02-smx-08",
    ]
    items = [bank.item(i) for i in ids]
    seed = 5
    # answer the single-choice item correctly (find where option a is shown) and the rest roughly
    shown_a = display_order(make_question(items[0], seed), 4).index(0) + 1
    answer = make_question(items[3], seed).answer
    lines = [
        "9",  # out of range: asked again
        str(shown_a),  # single choice, right
        "1 2",  # multiple response
        "d",  # true/false: "doğru"
        f"{answer:.3f}",  # parametrised numeric, right
        "1 2 3 4",  # ordering
        *["1", "2", "3"],  # matching, one number per left-hand item
        "EKSİ SONSUZ",  # short answer in Turkish capitals, right
    ]
    script = "\n".join(lines) + "\n"
    output = io.StringIO()
    console = Console(file=output, width=100, force_terminal=False)
    save = tmp_path / "answers.yaml"
    results = run_quiz(
        bank,
        items,
        lang="tr",
        seed=seed,
        student="s1",
        console=console,
        stream=io.StringIO(script),
        save=save,
    )
    text = output.getvalue()
    assert "Okunamadı" in text  # the retry message
    assert "Özet" in text and "Toplam" in text  # the summary table
    by_id = {r.id: r for r in results}
    assert by_id["m02-sdp-01"].status == "passed"
    assert by_id["m02-smx-05"].status == "passed"
    assert by_id["m02-sdp-03"].status == "passed"
    assert by_id["m02-smx-08"].status == "passed"
    report = grade_answers(bank, read_answers(save))
    assert [r.id for r in report.items] == [i.id for i in bank.items if i.id in ids]
    assert report.score == round(sum(r.score for r in results), 4)
