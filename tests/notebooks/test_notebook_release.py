"""``exercises/`` is exactly what ``nbgrader generate_assignment`` makes of ``solutions/``."""

from __future__ import annotations

import pytest

from autograder.config import LANGUAGES, course
from autograder.notebooks.build import BEGIN_HIDDEN, BEGIN_SOLUTION, notebook_path
from autograder.notebooks.release import EXERCISES_DIR, release_notebooks

NOTEBOOKS = [m.notebook for m in course().modules]


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_when_nbgrader_regenerates_the_exercises_then_nothing_differs(lang, kernel_env):
    written = release_notebooks(lang, out_dir=kernel_env / "exercises")
    assert sorted(p.name for p in written) == sorted(f"{n}.ipynb" for n in NOTEBOOKS)
    for path in written:
        committed = EXERCISES_DIR / lang / path.name
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed} is stale: run `python -m autograder build-notebooks`"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_when_released_then_no_solution_or_hidden_test_is_left(notebook, lang):
    released = notebook_path(notebook, lang, EXERCISES_DIR).read_text(encoding="utf-8")
    for marker in (BEGIN_SOLUTION, BEGIN_HIDDEN, "Instructor copy", "END SOLUTION"):
        assert marker not in released
    assert released.count("raise NotImplementedError()") == len(
        next(m for m in course().modules if m.notebook == notebook).functions
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_when_released_then_stub_and_test_cells_speak_the_notebook_language(notebook, lang):
    """nbgrader's stub comment comes from strings.yaml per language, as do the test cells."""
    released = notebook_path(notebook, lang, EXERCISES_DIR).read_text(encoding="utf-8")
    functions = next(m for m in course().modules if m.notebook == notebook).functions
    own, other = ("KODUNUZU BURAYA YAZIN", "YOUR CODE HERE")[:: 1 if lang == "tr" else -1]
    assert released.count(own) == len(functions)
    assert other not in released
    note = "otomatik notlandırılan testi" if lang == "tr" else "Autograded test of"
    assert released.count(note) == len(functions)
