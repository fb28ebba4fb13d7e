"""The public checks catch the commonest mistakes and name them as the hidden suite does.

Each case is a wrong entry of the catalog (``tests/catalog/submissions/``): the
catalog test proves that the hidden suite names its ``# expect:`` mistake. Here
the public checks, run as ``check(...)`` runs them, must fail the same entry and
show that same mistake's message, in English and in Turkish. Both sides use one
recogniser from ``autograder/recognisers/`` (or ``autograder/checks.py``), which
ships in the student package; the last test proves they share it, not copy it.
"""

from __future__ import annotations

import importlib

import pytest

from autograder import recognisers
from autograder.feedback import catalog
from autograder.selfcheck import run_check
from tests.catalog.test_catalog import SUBMISSIONS, expected_key
from tests.conftest import reference_source

ENTRIES = [
    "causal_mask/wrong_upper_triangle",
    "causal_mask/wrong_torch_style_inverted",
    "padding_mask/wrong_off_by_one",
    "rnn_encoder/wrong_h0_in_states",
    "multi_head_attention/wrong_no_output_projection",
    "layer_norm/wrong_eps_outside_sqrt",
    "split_heads/wrong_keeps_integer_dtype",
    "merge_heads/wrong_keeps_integer_dtype",
    "softmax/wrong_zero_temperature_accepted",
]


def learner_namespace(entry: str) -> dict:
    """A notebook's globals: every reference function, then the entry's own version."""
    namespace: dict = {"__name__": "__main__"}
    exec(compile(reference_source(), "<reference>", "exec"), namespace)
    exec(compile((SUBMISSIONS / f"{entry}.py").read_text(encoding="utf-8"), f"<{entry}>",
                 "exec"), namespace)
    return namespace


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("lang", ["en", "tr"])
@pytest.mark.parametrize("entry", ENTRIES)
def test_when_a_common_mistake_is_checked_then_a_public_check_names_it_like_the_hidden_suite(
    entry, lang
):
    function = entry.split("/")[0]
    key = expected_key(SUBMISSIONS / f"{entry}.py")
    result = run_check(function, learner_namespace(entry), lang)
    assert result.state == "wrong"
    named = [t for t in result.failures if t.feedback_key == key]
    assert named, [(t.feedback_key, t.output) for t in result.failures]
    opening = catalog()[key][lang].split("{")[0]  # the message's words before any value
    assert named[0].output.startswith(opening), named[0].output


@pytest.mark.parametrize(("function", "recogniser"), [
    ("causal_mask", "masks.name_mask_mistake"),
    ("causal_mask", "masks.causal_mask_mistakes"),
    ("padding_mask", "masks.name_mask_mistake"),
    ("padding_mask", "masks.padding_mask_mistakes"),
    ("padding_mask", "masks.padding_mask_of"),
    ("rnn_encoder", "rnn.check_states_shape"),
    ("rnn_encoder", "rnn.context_mistakes"),
    ("layer_norm", "layer_norm.layer_norm_mistakes"),
    ("multi_head_attention", "attention.output_projection_mistakes"),
])
def test_when_public_and_hidden_checks_name_a_mistake_then_they_share_one_recogniser(
    function, recogniser
):
    module_name, name = recogniser.split(".")
    shared = getattr(importlib.import_module(f"{recognisers.__name__}.{module_name}"), name)
    public = importlib.import_module(f"autograder.public.test_{function}")
    hidden = importlib.import_module(f"autograder.hidden.test_{function}")
    used_by = [m for m in (public, hidden) if shared in vars(m).values()]
    assert used_by == [public, hidden]
