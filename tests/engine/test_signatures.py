"""The signatures quoted to students are the exercise contract's, read from the reference."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograder.config import course
from autograder.outcomes import signatures
from autograder.outcomes.signatures import (
    ExpectedSignatures,
    expected_signatures,
    reference_signatures,
)
from autograder.selfcheck import run_check
from autograder.student_package import write_signatures

CONTRACT = Path("/work/shared/exercise-contract.md")
# "`softmax(x, axis=-1, temperature=1.0) -> ndarray`" at the start of a line
CONTRACT_SIGNATURE = re.compile(r"^`(\w+\([^)]*\))", re.MULTILINE)


def contract_signatures() -> dict[str, str]:
    text = CONTRACT.read_text(encoding="utf-8")
    return {found.split("(")[0]: found for found in CONTRACT_SIGNATURE.findall(text)}


@pytest.mark.skipif(not CONTRACT.is_file(), reason="the exercise contract is not on this machine")
def test_the_reference_signatures_are_the_contracts_names_and_parameters():
    contract = contract_signatures()
    assert set(contract) == {function.name for function in course().functions()}
    assert reference_signatures() == contract


def test_the_expected_signatures_are_read_from_the_reference_in_a_checkout():
    signatures = expected_signatures()
    assert signatures["layer_norm"] == "layer_norm(x, gamma, beta, eps=1e-5)"
    assert signatures["softmax"] == "softmax(x, axis=-1, temperature=1.0)"
    assert set(signatures) == {function.name for function in course().functions()}


def test_a_check_quotes_the_expected_signature_when_the_call_does_not_fit():
    def softmax(x, dim):
        return x

    result = run_check("softmax", {"softmax": softmax}, "en")
    outputs = " ".join(check.output for check in result.failures)
    assert "softmax(x, axis=-1, temperature=1.0)" in outputs
    assert "(x, dim)" in outputs


def test_the_table_is_read_only_when_a_signature_is_asked_for():
    expected_signatures.cache_clear()
    table = ExpectedSignatures()
    assert expected_signatures.cache_info().currsize == 0
    assert table.get("causal_mask") == "causal_mask(seq_len)"
    assert table.get("not_graded") is None
    assert expected_signatures.cache_info().currsize == 1


def test_the_student_packages_copy_is_read_instead_of_the_reference(tmp_path, monkeypatch):
    packaged = tmp_path / "signatures.json"
    write_signatures(packaged)
    assert json.loads(packaged.read_text(encoding="utf-8")) == reference_signatures()
    packaged.write_text(json.dumps({"softmax": "softmax(packaged)"}), encoding="utf-8")
    monkeypatch.setattr(signatures, "PACKAGED_FILE", packaged)
    expected_signatures.cache_clear()
    try:
        assert expected_signatures() == {"softmax": "softmax(packaged)"}
    finally:
        expected_signatures.cache_clear()
