"""Build the instructor notebooks (nbgrader source notebooks) from the bilingual sources.

Every exercise expands to four cells: the task (markdown), the solution cell
(the reference function from ``solutions/`` with its body between nbgrader's
solution markers), a locked check cell (``check("name", lang="en")``) and a locked,
autograded test cell worth the points ``course.yaml`` gives the function.
Comments and docstrings of every code cell are in the notebook's language
(``code_text`` pairs of the source, see :mod:`autograder.notebooks.code_text`).
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from types import ModuleType

import nbformat
from nbformat import NotebookNode

import solutions.decoder
import solutions.seq2seq
import solutions.transformer
from autograder.bilingual import Bilingual
from autograder.config import Language, course
from autograder.notebooks.code_text import CodeTextError, localize_code, texts_in
from autograder.notebooks.source import (
    BilingualValue,
    CodeCell,
    ExerciseCell,
    GivenCell,
    MarkdownCell,
    NotebookSource,
    SetupCell,
    load_source,
    source_path,
)
from autograder.paths import SOLUTIONS_DIR
from autograder.submission import DEMO_TAG
from autograder.texts import NOTEBOOKS

NOTEBOOKS_DIR = SOLUTIONS_DIR / "notebooks"
REFERENCE_MODULES: tuple[ModuleType, ...] = (
    solutions.transformer, solutions.seq2seq, solutions.decoder,
)

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
NBGRADER_SCHEMA_VERSION = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class BuildError(Exception):
    """A source cannot be turned into a notebook; the message says why."""


def reference_function(name: str):
    """The reference implementation of ``name`` (a graded function or a helper)."""
    for module in REFERENCE_MODULES:
        fn = getattr(module, name, None)
        if inspect.isfunction(fn) and fn.__module__ == module.__name__:
            return fn
    raise BuildError(f"no function {name!r} in {[m.__name__ for m in REFERENCE_MODULES]}")


def split_at_docstring(source: str) -> tuple[str, str]:
    """Split a function's source into (signature + docstring, body)."""
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.FunctionDef):
        raise BuildError("expected a function definition")
    first = node.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if not has_doc or len(node.body) < 2:
        raise BuildError(f"{node.name}: needs a docstring and a body")
    lines = source.splitlines(keepends=True)
    return "".join(lines[: first.end_lineno]), "".join(lines[first.end_lineno :])


def solution_source(name: str, code: str | None = None) -> str:
    """The solution cell: the reference function with its body between solution markers.

    ``code`` is the function's source when given (the reference with its comments and
    docstring in the notebook's language), else the reference as it is.
    """
    code = inspect.getsource(reference_function(name)) if code is None else code
    header, body = split_at_docstring(code)
    indent = body[: len(body) - len(body.lstrip())].replace("\n", "")
    return f"{header}{indent}{BEGIN_SOLUTION}\n{body.rstrip()}\n{indent}{END_SOLUTION}"


def strip_solution_markers(cell_source: str) -> str:
    """Inverse of ``solution_source``: the plain function text."""
    kept = [
        line
        for line in cell_source.splitlines()
        if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION)
    ]
    return "\n".join(kept) + "\n"


def test_source(name: str, points: float, lang: Language = "en") -> str:
    """The autograded test cell. Its visible part is a note; nothing in it judges."""
    shown = {"name": name, "points": format_points(points)}
    return "\n".join(
        [
            *_comment_lines(NOTEBOOKS.text("test_cell_note", lang, **shown)),
            BEGIN_HIDDEN,
            *_comment_lines(NOTEBOOKS.text("test_cell_instructor", lang, **shown)),
            END_HIDDEN,
        ]
    )


def _comment_lines(text: str) -> list[str]:
    return [f"# {line}" for line in text.strip("\n").splitlines()]


def format_points(points: float) -> str:
    return f"{points:g}"


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _fill(code: str, text: dict[str, BilingualValue], lang: Language, where: str) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in text:
            raise BuildError(f"{where}: {{{{{key}}}}} has no entry under 'text'")
        return repr(text[key](lang))

    return _PLACEHOLDER.sub(replace, code)


def _code(source: str, cell_id: str, metadata: dict | None = None) -> NotebookNode:
    return nbformat.v4.new_code_cell(source.rstrip("\n"), id=cell_id, metadata=metadata or {})


def _markdown(source: str, cell_id: str) -> NotebookNode:
    return nbformat.v4.new_markdown_cell(source.rstrip("\n"), id=cell_id)


def _localized(code: str, pairs: list[Bilingual], lang: Language, where: str) -> str:
    try:
        return localize_code(code, pairs, lang, where)
    except CodeTextError as exc:
        raise BuildError(str(exc)) from None


def _exercise_cells(
    cell: ExerciseCell, lang: Language, points: float, where: str
) -> list[NotebookNode]:
    name = cell.exercise
    code = _localized(inspect.getsource(reference_function(name)), cell.code_text, lang, where)
    task = "\n\n".join(
        [
            NOTEBOOKS.text("exercise_heading", lang, name=name, points=format_points(points)),
            cell.task(lang).rstrip("\n"),
            NOTEBOOKS.text("exercise_footer", lang, name=name),
        ]
    )
    return [
        _markdown(task, f"task-{name}"),
        _code(
            solution_source(name, code),
            f"solution-{name}",
            _nbgrader(f"solution_{name}", solution=True),
        ),
        # The language travels with the notebook: a check cell prints in it on every front
        # end (JupyterLab, VS Code, nbclient), whatever the kernel knows of the file.
        _code(f'check("{name}", lang="{lang}")', f"check-{name}",
              _nbgrader(f"check_{name}", locked=True)),
        _code(
            test_source(name, points, lang),
            f"test-{name}",
            _nbgrader(f"test_{name}", grade=True, locked=True, points=points),
        ),
    ]


def borrowed_code_text(notebooks: list[str], code: str) -> list[Bilingual]:
    """The ``code_text`` pairs of other notebook sources that translate a text of ``code``."""
    needed = {text.text for text in texts_in(code)}
    found: dict[str, Bilingual] = {}
    for notebook in notebooks:
        for cell in load_source(source_path(notebook)).cells:
            for pair in getattr(cell, "code_text", []):
                if pair.en.strip() in needed:
                    found.setdefault(pair.en.strip(), pair)
    return list(found.values())


def build_notebook(source: NotebookSource, lang: Language) -> NotebookNode:
    """The instructor notebook of ``source`` in ``lang``, with nbgrader metadata."""
    module = course().module(source.module)
    graded = {fn.name: fn.points for fn in module.functions}
    exercised = source.exercises()
    if sorted(exercised) != sorted(graded):
        raise BuildError(
            f"{module.notebook}: exercises {sorted(exercised)} differ from the functions "
            f"course.yaml grades in {module.id}: {sorted(graded)}"
        )
    cells: list[NotebookNode] = []
    for index, cell in enumerate(source.cells):
        where = f"{module.notebook} cell {index}"
        if isinstance(cell, MarkdownCell):
            cells.append(_markdown(cell.markdown(lang), f"md-{index:02d}"))
        elif isinstance(cell, CodeCell):
            code = _localized(_fill(cell.code, cell.text, lang, where), cell.code_text, lang, where)
            cells.append(_code(code, f"code-{index:02d}", {"tags": [DEMO_TAG]}))
        elif isinstance(cell, SetupCell):
            code = _localized(cell.setup, cell.code_text, lang, where)
            cells.append(_code(code, "setup", _nbgrader("setup", locked=True)))
        elif isinstance(cell, GivenCell):
            if cell.markdown is not None:
                cells.append(_markdown(cell.markdown(lang), f"md-{index:02d}"))
            parts = [inspect.getsource(reference_function(n)).rstrip() for n in cell.given]
            parts += [cell.code.rstrip()] if cell.code else []
            code = "\n\n\n".join(parts)
            pairs = cell.code_text + borrowed_code_text(cell.code_text_from, code)
            code = _localized(code, pairs, lang, where)
            meta = _nbgrader(f"given_{index:02d}", locked=True)
            cells.append(_code(code, f"given-{index:02d}", meta))
        elif isinstance(cell, ExerciseCell):
            cells.extend(_exercise_cells(cell, lang, graded[cell.exercise], where))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "course": {"module": module.id, "language": lang},
    }
    nbformat.validate(nb)
    return nb


def notebook_path(notebook: str, lang: Language, root: Path = NOTEBOOKS_DIR) -> Path:
    return root / lang / f"{notebook}.ipynb"


def write_notebook(nb: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def build_all(langs: tuple[Language, ...], root: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Build every module's instructor notebook in every language; return the paths."""
    written = []
    for module in course().modules:
        source = load_source(source_path(module.notebook))
        for lang in langs:
            path = notebook_path(module.notebook, lang, root)
            write_notebook(build_notebook(source, lang), path)
            written.append(path)
    return written


def strip_hidden_tests(source: str) -> str:
    """``source`` without the lines from BEGIN HIDDEN TESTS to END HIDDEN TESTS (inclusive)."""
    kept, hidden = [], False
    for line in source.splitlines():
        if BEGIN_HIDDEN in line:
            hidden = True
        elif END_HIDDEN in line and hidden:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)
