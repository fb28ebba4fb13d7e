"""The bilingual text catalogs (autograder/texts.py): every one complete in both languages,
every key the code looks up present, one lookup behaviour, errors with file and line."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.languages import LANGUAGES
from autograder.paths import PACKAGE_DIR
from autograder.texts import (
    CATALOGS,
    FEEDBACK,
    NOTEBOOKS,
    QUIZ,
    Catalog,
    CatalogError,
    MissingText,
    placeholders,
    read_catalog,
)
from autograder.yamlfast import load_yaml

# --- every catalog: tr/en parity ------------------------------------------------------------


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.name)
def test_every_text_of_every_catalog_has_both_languages_with_the_same_placeholders(
        catalog: Catalog):
    assert catalog.texts, f"the {catalog.name} catalog is empty"
    problems = []
    for key, texts in catalog.texts.items():
        if set(texts) != set(LANGUAGES):
            problems.append(f"{key}: languages {sorted(texts)}")
            continue
        problems += [f"{key}: empty {lang!r} text" for lang in LANGUAGES
                     if not texts[lang].strip()]
        found = {lang: placeholders(texts[lang]) for lang in LANGUAGES}
        if len({frozenset(names) for names in found.values()}) > 1:
            problems.append(f"{key}: placeholders differ {found}")
    assert not problems, "\n".join(problems)


def _has_bilingual_text(node: object) -> bool:
    if isinstance(node, dict):
        if set(node) == set(LANGUAGES):
            return True
        return any(_has_bilingual_text(value) for value in node.values())
    return False


def test_every_bilingual_yaml_file_of_the_package_belongs_to_a_catalog():
    """A new file of texts cannot escape the parity test: it must be in a catalog."""
    covered = {path.resolve() for catalog in CATALOGS for path in catalog.files()}
    stray = [path for path in sorted(PACKAGE_DIR.rglob("*.yaml"))
             if path.resolve() not in covered
             and _has_bilingual_text(load_yaml(path.read_text(encoding="utf-8")))]
    assert not stray, f"bilingual texts outside autograder.texts.CATALOGS: {stray}"


# --- every key the code looks up exists -------------------------------------------------------

# (module, name) imported by code -> the catalog its calls look up (first argument: the key)
LOOKUPS = {
    ("autograder.feedback", "message"): FEEDBACK,
    ("autograder.feedback", "plural"): FEEDBACK,
    ("autograder.feedback", "Feedback"): FEEDBACK,
    ("autograder.quiz.messages", "message"): QUIZ,
    ("autograder.quiz.messages", "plural"): QUIZ,
}
CATALOG_NAMES = {"FEEDBACK": FEEDBACK, "QUIZ": QUIZ, "NOTEBOOKS": NOTEBOOKS}
PLURALS = {"plural"}


def _assignments(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """Every value assigned to a plain name in the module (module level or in a function)."""
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            found.setdefault(node.target.id, []).append(node.value)
    return found


def _keys(expr: ast.expr, names: dict[str, list[ast.expr]], depth: int = 0
          ) -> Iterator[tuple[str, bool]]:
    """The keys ``expr`` can be, as (text, is_prefix), as far as the code shows them."""
    if depth > 5:
        return
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield expr.value, False
    elif isinstance(expr, ast.JoinedStr):
        # f"mistake.{FN}.outputs_swapped" with FN = "additive_attention": the whole key;
        # f"problem.{self.key}": the prefix up to the first value the code does not fix
        text = ""
        for part in expr.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                text += part.value
                continue
            value = part.value if isinstance(part, ast.FormattedValue) else None
            known = list(_keys(value, names, depth + 1)) if isinstance(value, ast.Name) else []
            if len(known) == 1 and not known[0][1]:
                text += known[0][0]
                continue
            yield text, True
            return
        yield text, False
    elif isinstance(expr, ast.IfExp):
        yield from _keys(expr.body, names, depth + 1)
        yield from _keys(expr.orelse, names, depth + 1)
    elif isinstance(expr, ast.BoolOp):
        for value in expr.values:
            yield from _keys(value, names, depth + 1)
    elif isinstance(expr, ast.Dict):
        for value in expr.values:
            yield from _keys(value, names, depth + 1)
    elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        for value in names.get(expr.value.id, []):
            if isinstance(value, ast.Dict):
                yield from _keys(value, names, depth + 1)
    elif isinstance(expr, ast.Name) and expr.id.isupper():  # a constant of the module
        for value in names.get(expr.id, []):
            yield from _keys(value, names, depth + 1)


@functools.cache
def keys_looked_up() -> list[tuple[str, str, str, bool]]:
    """(catalog name, where, key or prefix, is_prefix) for every lookup found in the code."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local: dict[str, tuple[Catalog, bool]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    catalog = LOOKUPS.get((node.module, alias.name))
                    if catalog is not None:
                        local[alias.asname or alias.name] = (catalog, alias.name in PLURALS)
        names = _assignments(tree)
        # a wrapper such as ``def _t(key, lang): return message(f"classroom.report.{key}", lang)``
        # looks up its prefix followed by its first argument
        wrappers: dict[str, tuple[Catalog, str]] = {}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.FunctionDef) and node.args.args):
                continue
            first_arg = node.args.args[0].arg
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                        and call.func.id in local and call.args
                        and isinstance(call.args[0], ast.JoinedStr)):
                    parts = call.args[0].values
                    if (len(parts) == 2 and isinstance(parts[0], ast.Constant)
                            and isinstance(parts[1], ast.FormattedValue)
                            and isinstance(parts[1].value, ast.Name)
                            and parts[1].value.id == first_arg):
                        wrappers[node.name] = (local[call.func.id][0], str(parts[0].value))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in wrappers and node.args):
                catalog, prefix = wrappers[node.func.id]
                where = f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}"
                found += [(catalog.name, where, prefix + key, is_prefix)
                          for key, is_prefix in _keys(node.args[0], names)]
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func, target = node.func, None
            if isinstance(func, ast.Name) and func.id in local:
                target = local[func.id]
            elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                  and func.value.id in CATALOG_NAMES and func.attr in ("text", "plural")):
                target = (CATALOG_NAMES[func.value.id], func.attr == "plural")
            if target is None:
                continue
            catalog, is_plural = target
            where = f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}"
            for key, is_prefix in _keys(node.args[0], names):
                if is_plural and not is_prefix:
                    found += [(catalog.name, where, f"{key}.{form}", False)
                              for form in ("one", "many")]
                else:
                    found.append((catalog.name, where, key, is_prefix))
    return found



def test_the_static_scan_finds_the_lookups_of_every_catalog():
    """The scan below must see the code's lookups, or it would check nothing."""
    per_catalog = {catalog.name: 0 for catalog in CATALOGS}
    for name, *_ in keys_looked_up():
        per_catalog[name] += 1
    assert per_catalog["messages"] > 100 and per_catalog["quiz"] > 20, per_catalog
    assert per_catalog["notebooks"] >= 8, per_catalog


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.name)
def test_every_key_the_code_looks_up_exists(catalog: Catalog):
    missing = []
    for name, where, key, is_prefix in keys_looked_up():
        if name != catalog.name:
            continue
        if is_prefix:
            if not any(k.startswith(key) for k in catalog.texts):
                missing.append(f"{where}: no key starts with {key!r}")
        elif key not in catalog.texts:
            missing.append(f"{where}: {key!r}")
    assert not missing, "\n".join(missing)


# --- one lookup behaviour ---------------------------------------------------------------------


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.name)
def test_a_missing_key_is_an_error_in_every_catalog(catalog: Catalog):
    with pytest.raises(MissingText, match=r"no\.such\.key"):
        catalog.text("no.such.key", "en")
    assert not catalog.has("no.such.key")


def test_the_three_catalogs_fill_templates_and_plurals_alike():
    assert QUIZ.plural("take_title", 1, "en") == "Quiz: 1 question"
    assert QUIZ.plural("take_title", 3, "en") == "Quiz: 3 questions"
    assert FEEDBACK.plural("hint.builds_on", 1, "en", function="f", foundations="`g`") == (
        "Hint: `f` builds on `g`, which fails its own checks too; fixing it first may fix `f` "
        "as well.")
    assert "which fail their own checks" in FEEDBACK.plural(
        "hint.builds_on", 2, "en", function="f", foundations="`g` and `h`")
    assert NOTEBOOKS.text("exercise_heading", "tr", name="softmax", points="5") == (
        "### ✏️ Alıştırma: `softmax` (5 puan)")
    # a value left out stays visible instead of failing, in every catalog
    assert "{points}" in NOTEBOOKS.text("exercise_heading", "en", name="softmax")


def test_nested_and_flat_keys_read_the_same(tmp_path: Path):
    flat = tmp_path / "flat.yaml"
    flat.write_text('a.b: {tr: "x {n}", en: "y {n}"}\n', encoding="utf-8")
    nested = tmp_path / "nested.yaml"
    nested.write_text('a:\n  b: {tr: "x {n}", en: "y {n}"}\n', encoding="utf-8")
    assert read_catalog([flat]) == read_catalog([nested]) == {"a.b": {"tr": "x {n}",
                                                                      "en": "y {n}"}}


# --- a broken catalog names file and line -----------------------------------------------------


@pytest.mark.parametrize(("text", "line", "problem"), [
    ("a: {tr: x, en: y}\nb:\n  c: {tr: only}\n", 3, "exactly the keys tr, en"),
    ("a: {tr: x, en: y}\nb: {tr: '', en: y}\n", 2, "'tr' text is empty"),
    ("a: {tr: x, en: y}\nb: [1, 2\n", 3, "not valid YAML"),
    ("a: {tr: x, en: y}\nb: 3\n", 2, "expected a mapping of texts"),
])
def test_a_broken_catalog_names_file_line_and_problem(tmp_path: Path, text, line, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog([path])
    assert raised.value.line == line
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert problem in str(raised.value)


def test_a_key_in_two_files_of_a_catalog_is_an_error(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("x: {tr: a, en: a}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("\n\nx: {tr: b, en: b}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"b\.yaml:3: text 'x' is defined twice"):
        read_catalog(sorted(tmp_path.glob("*.yaml")))
