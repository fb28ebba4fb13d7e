"""The catalog of realistic wrong and correct solutions, graded for real.

Each file under ``submissions/<function>/`` holds one student's version of
``<function>`` (and any helpers written their own way). It is graded as a
submission made of the reference solutions followed by the file, so that the
file's definitions replace the reference ones and every other graded function a
version builds on is correct, unless the file brings its own:

- ``wrong_*.py`` must lose points on that function (mutation testing of the
  hidden suite). A first line ``# expect: KEY`` also requires that the
  feedback names that known mistake (a message key) in some failed check, in
  that check's own words (not a reference to the function's first failure).
- ``right_*.py`` must get full points on that function.
- ``noeffort_*.py`` has the right shapes and dtypes (and often the right
  argument checks) but ignores what its inputs mean: zeros, ones, uniform
  weights, the input returned, random values, all-True masks... It must earn
  exactly 0 on that function: points are for correct values only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.config import course
from autograder.engine import grade_path
from autograder.feedback import catalog as messages
from autograder.outcomes import SEE_FIRST_KEY
from tests.conftest import reference_source

SUBMISSIONS = Path(__file__).parent / "submissions"


def submission(path: Path, tmp_path: Path) -> Path:
    """The catalog entry behind the reference solutions, as one submission file."""
    graded = tmp_path / path.name
    graded.write_text(reference_source() + "\n\n" + path.read_text(encoding="utf-8"),
                      encoding="utf-8")
    return graded


def catalog(prefix: str) -> list[Path]:
    return sorted(SUBMISSIONS.glob(f"*/{prefix}_*.py"))


def expected_key(path: Path) -> str | None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.split(":", 1)[1].strip() if first.startswith("# expect:") else None


@pytest.mark.parametrize("path", catalog("wrong"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_solution_loses_points(path: Path, tmp_path: Path):
    function = path.parent.name
    report = grade_path(submission(path, tmp_path), functions=[function], lang="en")
    assert report.max_score == course().points(function)
    assert report.score < report.max_score, f"{path.name} got full points"
    key = expected_key(path)
    if key:
        keys = {t.feedback_key for t in report.tests
                if t.status != "passed" and not refers_to_first_failure(t.output)}
        assert key in keys, f"expected feedback {key}, got {keys}"


def refers_to_first_failure(output: str) -> bool:
    """A later failing check's output that only points to the function's first failure."""
    return output.startswith(messages()[SEE_FIRST_KEY]["en"].split("{")[0])


@pytest.mark.parametrize("path", catalog("right"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_correct_solution_gets_full_points(path: Path, tmp_path: Path):
    function = path.parent.name
    report = grade_path(submission(path, tmp_path), functions=[function], lang="en")
    failures = [(t.name, t.output) for t in report.tests if t.status != "passed"]
    assert not failures
    assert report.score == report.max_score == course().points(function)


@pytest.mark.parametrize("path", catalog("noeffort"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_effort_solution_earns_nothing(path: Path, tmp_path: Path):
    function = path.parent.name
    report = grade_path(submission(path, tmp_path), functions=[function], lang="en")
    earned = [(t.name, t.score) for t in report.tests if t.score > 0]
    assert report.score == 0, f"{path.name} earned points from {earned}"
    assert report.max_score == course().points(function)


def test_every_graded_function_has_several_no_effort_entries():
    counts = {fn.name: len(list((SUBMISSIONS / fn.name).glob("noeffort_*.py")))
              for fn in course().functions()}
    assert all(count >= 4 for count in counts.values()), counts
