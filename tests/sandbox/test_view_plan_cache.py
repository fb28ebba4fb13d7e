"""The view plan a fork server computed, remembered and sent back to later fork servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder.paths import REPO_ROOT
from autograder.sandbox.fsview import ViewPlan
from autograder.sandbox.plan import compute_key, plan_key
from autograder.student import GRADER_MODULES, protected_paths

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="file-system views are a Linux feature")


def test_a_plan_survives_its_trip_through_json_unchanged():
    plan = ViewPlan.compute([str(p) for p in protected_paths()], ["numpy", "matplotlib"],
                            GRADER_MODULES)
    assert ViewPlan.from_data(json.loads(json.dumps(plan.to_data()))) == plan


def test_the_key_changes_when_a_watched_folder_or_a_setting_changes(tmp_path):
    protected = [str(tmp_path)]
    before = compute_key(protected, ["numpy"], ["autograder"])
    assert compute_key(protected, ["numpy"], ["autograder"]) == before
    (tmp_path / "new_package").mkdir()
    after = compute_key(protected, ["numpy"], ["autograder"])
    assert after != before
    assert compute_key(protected, ["numpy", "matplotlib"], ["autograder"]) != after
    assert compute_key(protected, ["numpy"], ["autograder", "tests"]) != after
    # one grader process computes it once (grade-all starts a student process per submission)
    remembered = plan_key(protected, ["numpy"], ["autograder"])
    (tmp_path / "another_package").mkdir()
    assert plan_key(protected, ["numpy"], ["autograder"]) == remembered
    assert compute_key(protected, ["numpy"], ["autograder"]) != remembered


def test_a_grade_with_the_remembered_plan_has_every_layer_of_the_first(tmp_path):
    env = {**os.environ, "AUTOGRADER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "autograder", "grade", "--json", "--function", "softmax",
               str(REPO_ROOT / "samples" / "submissions" / "elif_complete.py")]
    layers = []
    for _ in range(2):
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["score"] == report["max_score"]
        layers.append(report["isolation"])
        assert list((tmp_path / "cache").glob("view-plan-*.pickle"))
    assert layers[0] == layers[1] and "seccomp" in layers[0]
