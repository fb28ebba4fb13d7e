"""The signatures quoted to students are the exercise contract's, read from the reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.config import course
from autograder.outcomes.signatures import expected_signatures, reference_signatures

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
