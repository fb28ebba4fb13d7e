"""The builder: one bilingual source -> instructor notebooks that match the reference."""

from __future__ import annotations

import inspect
import re

import nbformat
import pytest

from autograder.config import LANGUAGES, course
from autograder.notebooks.build import (
    BEGIN_SOLUTION,
    BuildError,
    build_notebook,
    notebook_path,
    reference_function,
    strip_solution_markers,
)
from autograder.notebooks.code_text import code_skeleton, is_prose, texts_in
from autograder.notebooks.source import NotebookSourceError, load_source, source_path

CASES = [(m.notebook, lang) for m in course().modules for lang in LANGUAGES]
TURKISH_ONLY = re.compile(r"[çğıöşüÇĞİÖŞÜ]")  # a Turkish phrase quoted in both languages


def _built(notebook: str) -> dict[str, nbformat.NotebookNode]:
    source = load_source(source_path(notebook))
    return {lang: build_notebook(source, lang) for lang in LANGUAGES}


@pytest.mark.parametrize(("notebook", "lang"), CASES)
def test_when_sources_are_rebuilt_then_committed_instructor_notebooks_are_unchanged(notebook, lang):
    committed = notebook_path(notebook, lang).read_text(encoding="utf-8")
    rebuilt = nbformat.writes(_built(notebook)[lang]) + "\n"
    assert rebuilt == committed, "run `python -m autograder build-notebooks` and commit the result"


@pytest.mark.parametrize(("notebook", "lang"), CASES)
def test_when_built_then_every_solution_cell_is_the_reference_function(notebook, lang):
    """English: the reference source itself; Turkish: the same code, comments translated."""
    nb = nbformat.read(notebook_path(notebook, lang), as_version=4)
    solutions = {
        c.id.removeprefix("solution-"): c for c in nb.cells if c.id.startswith("solution-")
    }
    assert solutions
    for name, cell in solutions.items():
        assert BEGIN_SOLUTION in cell.source
        reference = inspect.getsource(reference_function(name))
        plain = strip_solution_markers(cell.source)
        assert code_skeleton(plain) == code_skeleton(reference)
        if lang == "en":
            assert plain == reference


@pytest.mark.parametrize(("notebook", "lang"), CASES)
def test_when_built_then_test_cells_carry_course_yaml_points(notebook, lang):
    module = next(m for m in course().modules if m.notebook == notebook)
    nb = nbformat.read(notebook_path(notebook, lang), as_version=4)
    points = {
        c.metadata.nbgrader["grade_id"].removeprefix("test_"): c.metadata.nbgrader["points"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    }
    assert points == {fn.name: fn.points for fn in module.functions}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            assert meta["schema_version"] == 3


@pytest.mark.parametrize("notebook", [m.notebook for m in course().modules])
def test_when_built_in_two_languages_then_structure_code_and_points_are_shared(notebook):
    built = _built(notebook)
    tr, en = built["tr"], built["en"]
    assert [c.id for c in tr.cells] == [c.id for c in en.cells]
    assert [c.metadata for c in tr.cells] == [c.metadata for c in en.cells]
    source = load_source(source_path(notebook))
    text_cells = {f"code-{i:02d}" for i, c in enumerate(source.cells) if getattr(c, "text", None)}
    for a, b in zip(tr.cells, en.cells, strict=True):
        if a.id.startswith("check-"):  # the one difference: the language the check prints in
            name = a.id.removeprefix("check-")
            assert (a.source, b.source) == (f'check("{name}", lang="tr")',
                                            f'check("{name}", lang="en")')
        elif a.cell_type == "code" and a.id not in text_cells:
            assert code_skeleton(a.source) == code_skeleton(b.source), a.id
        if a.cell_type == "markdown":
            assert a.source != b.source, f"{a.id} is not translated"


@pytest.mark.parametrize("notebook", [m.notebook for m in course().modules])
def test_when_built_in_turkish_then_every_comment_and_docstring_is_turkish(notebook):
    """No English prose is left in the code cells of a Turkish notebook (tests and stubs too)."""
    built = _built(notebook)
    for tr_cell, en_cell in zip(built["tr"].cells, built["en"].cells, strict=True):
        if tr_cell.cell_type != "code":
            continue
        english = {t.text for t in texts_in(en_cell.source) if is_prose(t.text)}
        left = [t.text for t in texts_in(tr_cell.source) if t.text in english]
        left = [text for text in left if not TURKISH_ONLY.search(text)]
        assert not left, (tr_cell.id, left)


def test_when_turkish_notebooks_are_built_then_they_use_turkish_letters():
    for module in course().modules:
        nb = _built(module.notebook)["tr"]
        prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert set("çğıİöşü") <= set(prose)


def test_when_an_exercise_is_missing_then_the_build_says_which(tmp_path):
    source = load_source(source_path("module02_attention"))
    source.cells = [c for c in source.cells if getattr(c, "exercise", None) != "softmax"]
    with pytest.raises(BuildError, match="softmax"):
        build_notebook(source, "en")


def test_when_a_source_file_is_invalid_then_the_error_names_it(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nmodule: module01\ncells:\n  - markdown: {tr: only}\n")
    with pytest.raises(NotebookSourceError, match=r"bad\.yaml"):
        load_source(bad)
    bad.write_text("cells: [\n")
    with pytest.raises(NotebookSourceError, match="not valid YAML"):
        load_source(bad)


def test_when_a_placeholder_has_no_text_then_the_build_says_which():
    source = load_source(source_path("module01_seq2seq"))
    code = next(c for c in source.cells if getattr(c, "kind", "") == "code" and c.text)
    code.text = {}
    with pytest.raises(BuildError, match="has no entry under 'text'"):
        build_notebook(source, "tr")
