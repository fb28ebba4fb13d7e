"""The grader's command-line contract: ``python -m autograder grade``.

One test runs the real command in its own process; the others call the same entry point
(``autograder.cli.main``) in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from autograder.config import course
from autograder.paths import REPO_ROOT

TEST_KEYS = {"name", "function", "score", "max_score", "status", "output"}


def run_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, timeout=300, cwd=REPO_ROOT)


def test_reference_solutions_as_a_py_file_get_full_marks(reference_submission):
    completed = run_process("grade", str(reference_submission), "--json")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    total = sum(fn.points for fn in course().functions())
    failures = [(t["name"], t["output"]) for t in report["tests"] if t["status"] != "passed"]
    assert not failures
    assert report["score"] == report["max_score"] == pytest.approx(total)
    assert {t["function"] for t in report["tests"]} == {fn.name for fn in course().functions()}


def test_json_report_follows_the_contract(reference_submission, run_main):
    report = json.loads(run_main("grade", str(reference_submission), "--json").stdout)
    assert {"score", "max_score", "tests"} <= set(report)
    for test in report["tests"]:
        assert TEST_KEYS <= set(test)
        assert test["status"] in {"passed", "failed", "error", "timeout"}
        assert 0 <= test["score"] <= test["max_score"]
    per_function = {}
    for test in report["tests"]:
        per_function[test["function"]] = per_function.get(test["function"], 0) + test["max_score"]
    for fn in course().functions():
        assert per_function[fn.name] == pytest.approx(fn.points)


def test_not_started_submission_gets_zero_with_a_friendly_message_per_function(
    write_submission, run_main
):
    stub = "\n".join(
        f"def {fn.name}(*args, **kwargs):\n    raise NotImplementedError\n"
        for fn in course().functions()
    )
    completed = run_main("grade", str(write_submission(stub)), "--json", "--lang", "en")
    report = json.loads(completed.stdout)
    assert report["score"] == 0
    for test in report["tests"]:
        assert test["status"] == "failed"
        assert test["output"].startswith(f"Not started yet: `{test['function']}`")


def test_turkish_feedback_from_the_same_catalog(write_submission, run_main):
    stub = "def softmax(x, axis=-1, temperature=1.0):\n    raise NotImplementedError\n"
    report = json.loads(run_main("grade", str(write_submission(stub)), "--json", "--lang", "tr",
                                 "--function", "softmax").stdout)
    assert all(t["output"].startswith("Henüz başlanmamış") for t in report["tests"])


def test_gradescope_format_writes_results_json(reference_submission, tmp_path, run_main):
    out = tmp_path / "results" / "results.json"
    completed = run_main("grade", str(reference_submission), "--format", "gradescope",
                         "--out", str(out))
    assert completed.returncode == 0 and completed.stdout == ""
    results = json.loads(out.read_text())
    assert results["score"] == pytest.approx(sum(fn.points for fn in course().functions()))
    assert all(t["status"] == "passed" and "max_score" in t for t in results["tests"])


def test_text_report_is_the_default(reference_submission, run_main):
    completed = run_main("grade", str(reference_submission), "--lang", "en")
    assert completed.returncode == 0
    assert "Everything passed" in completed.stdout


@pytest.mark.parametrize(
    "args",
    [("grade",), ("grade", "/no/such/file.py"), ("grade", "x.py", "--format", "pdf"),
     ("grade", "samples/submissions/elif_complete.py", "--function", "no_such_function"),
     ("no-such-command",), ()],
)
def test_usage_errors_exit_2_with_a_message(args, run_main):
    completed = run_main(*args)
    assert completed.returncode == 2
    assert completed.stderr.strip()
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("command", ["grade", "progress", "quiz"])
def test_a_learner_command_reads_its_arguments_as_with_every_command_loaded(command, capsys):
    """``cli`` imports only the module of a learner's command: its help is unchanged."""
    from autograder.cli import LEARNER_COMMANDS, build_parser

    assert command in LEARNER_COMMANDS
    helps = []
    for parser in (build_parser(), build_parser(command)):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1] and command in helps[0]
