"""The remembered plan of a suite rebuilds exactly the cases pytest collects, without pytest."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder import compiled
from autograder.paths import HIDDEN_TESTS_DIR, PACKAGE_DIR, REPO_ROOT
from autograder.suite import _case, _collect_items

DESCRIBE = """
import json, sys
from pathlib import Path
from autograder.suite import collect
cases = collect(Path(sys.argv[1]))
print(json.dumps({"pytest_loaded": type(sys.modules.get("pytest")).__name__, "cases": [
    [c.function, c.test, c.call.__qualname__, [[k, repr(v) if not callable(v) else v.__qualname__]
     for k, v in c.params], list(c.fixtures), c.diagnosis, list(c.requires)] for c in cases]}))
"""


def described(cases) -> list:
    return [[c.function, c.test, c.call.__qualname__,
             [[k, repr(v) if not callable(v) else v.__qualname__] for k, v in c.params],
             list(c.fixtures), c.diagnosis, list(c.requires)] for c in cases]


@pytest.mark.parametrize("suite", [HIDDEN_TESTS_DIR, PACKAGE_DIR / "public"],
                         ids=["hidden", "public"])
def test_when_a_plan_is_remembered_then_a_new_process_rebuilds_the_same_cases_without_pytest(
    suite, tmp_path
):
    env = {**os.environ, "AUTOGRADER_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    env.pop("AUTOGRADER_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", DESCRIBE, str(suite)], env=env,
                           capture_output=True, text=True, check=True)  # collects, remembers
    assert list(tmp_path.glob(f"plan-{suite.name}-*.pickle"))
    second = subprocess.run([sys.executable, "-c", DESCRIBE, str(suite)], env=env,
                            capture_output=True, text=True, check=True)  # from the plan
    planned = json.loads(second.stdout)
    assert planned["pytest_loaded"] == "NoneType"  # the test modules needed no pytest
    collected = described(_case(item) for item in _collect_items(suite))
    assert planned["cases"] == collected == json.loads(first.stdout)["cases"]


def test_when_a_source_changes_then_the_remembered_result_is_computed_again(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUTOGRADER_NO_CACHE", raising=False)
    source = tmp_path / "data.txt"
    source.write_text("one")
    calls = []

    def build():
        calls.append(source.read_text())
        return calls[-1]

    assert compiled.remembered("demo", [source], build) == "one"
    assert compiled.remembered("demo", [source], build) == "one"
    source.write_text("two")
    assert compiled.remembered("demo", [source], build) == "two"
    assert calls == ["one", "two"]


def test_when_the_cache_folder_is_writable_by_others_then_nothing_is_read_from_it(tmp_path,
                                                                                 monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(folder))
    monkeypatch.delenv("AUTOGRADER_NO_CACHE", raising=False)
    source = tmp_path / "data.txt"
    source.write_text("x")
    compiled.remembered("demo", [source], lambda: "first")
    folder.chmod(0o777)  # someone else could have put a pickle there
    calls = []
    assert compiled.remembered("demo", [source], lambda: calls.append(1) or "again") == "again"
    assert calls == [1]


@pytest.mark.parametrize("suite", ["hidden", "public"])
def test_the_course_suites_state_no_bare_assert(suite):
    """Their modules are imported without pytest's assertion rewriting (suite_import), on
    every path: a bare ``assert`` would give a learner an empty message."""
    import ast

    found = []
    for path in sorted((PACKAGE_DIR / suite).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Assert)]
    assert not found, f"bare asserts in the {suite} suite: {found}"
