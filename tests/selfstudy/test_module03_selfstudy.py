"""Self-study of module 03: pytest on the notebook, ``--full`` and ``progress`` know it."""

from __future__ import annotations

import pytest

from autograder.cli import main
from autograder.feedback import message
from tests.catalog.test_catalog import SUBMISSIONS
from tests.selfstudy.conftest import run_pytest

pytestmark = pytest.mark.slow

NOTEBOOK = "module03_decoder"
EOS_DROPPED = (SUBMISSIONS / "greedy_decode" / "wrong_eos_dropped.py").read_text()


def test_when_module03_is_completed_then_both_items_pass_also_with_the_full_suite(
    learner_copy, tmp_path
):
    notebook = learner_copy("completed", "en", NOTEBOOK)
    for extra in ([], ["--full"]):
        result = run_pytest(str(notebook.relative_to(tmp_path)), "-v", *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stdout
        for function in ("decoder_layer", "greedy_decode"):
            assert f"{NOTEBOOK}.ipynb::{function} PASSED" in result.stdout


def test_when_greedy_decode_drops_eos_then_its_item_fails_and_names_the_mistake(
    learner_copy, tmp_path
):
    notebook = learner_copy("completed", "tr", NOTEBOOK, EOS_DROPPED)
    result = run_pytest(str(notebook), "-v", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{NOTEBOOK}.ipynb::decoder_layer PASSED" in result.stdout
    assert f"{NOTEBOOK}.ipynb::greedy_decode FAILED" in result.stdout
    opening = message("mistake.greedy_decode.eos_dropped", "tr").split(".")[0]
    assert opening in result.stdout


def test_when_module03_is_a_stub_then_progress_names_its_first_function(
    learner_copy, tmp_path, capsys
):
    learner_copy("completed", "en", "module01_seq2seq")
    learner_copy("completed", "en", "module02_attention")
    learner_copy("released", "en", NOTEBOOK)
    assert main(["progress", str(tmp_path / "exercises" / "en"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "✅ encoder_layer" in out
    assert "⏳ decoder_layer" in out and "⏳ greedy_decode" in out
    assert "The decoder and generation" in out  # module 03's title from course.yaml


def test_when_module03_greedy_decode_is_wrong_then_progress_says_so(
    learner_copy, tmp_path, capsys
):
    learner_copy("completed", "en", NOTEBOOK, EOS_DROPPED)
    assert main(["progress", str(tmp_path / "exercises" / "en"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "✅ decoder_layer" in out and "❌ greedy_decode" in out
    assert f"{NOTEBOOK}.ipynb::greedy_decode" in out
