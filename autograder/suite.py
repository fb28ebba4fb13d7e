"""The hidden suite: collected by pytest once per process, run per submission.

pytest collects the test modules (parametrisation, ids, marks) exactly as it
would for a normal run; the collected test functions are then called directly
for each submission. This is equivalent to a pytest run because a hidden test
may use no fixtures but ``student`` and ``lang`` (checked at collection), and it
keeps the cost of grading one more submission to the cost of its checks: a
full pytest session per submission spends about 1.5 ms of bookkeeping per test
case, more than the checks themselves (see ``benchmarks/grade_one.py``).

Two marks say how a check counts (see :mod:`autograder.outcomes`):
``pytest.mark.diagnosis`` (no points: it names a mistake) and
``pytest.mark.requires("test_x", ...)`` (its points only once those value
checks of the same function pass). A check without either is a value check.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ALLOWED_FIXTURES = frozenset({"student", "lang"})


@dataclass(frozen=True)
class Case:
    """One collected test case: a test function and its parameters."""

    function: str  # the graded function (from the module's ``grades`` mark)
    test: str  # the test function's name, shared by all its cases
    call: Callable[..., object]
    params: tuple[tuple[str, object], ...]
    fixtures: tuple[str, ...]
    diagnosis: bool = False  # worth no points: it only names mistakes
    requires: tuple[str, ...] = ()  # value checks whose success its points wait for

    def run(self, student, lang: str) -> None:
        kwargs = dict(self.params)
        available = {"student": student, "lang": lang}
        kwargs.update({name: available[name] for name in self.fixtures})
        self.call(**kwargs)


class SuiteError(Exception):
    """The suite does not collect, or a test uses something the runner cannot give it."""


class _Collector:
    def __init__(self) -> None:
        self.items: list = []
        self.errors: list[str] = []

    def pytest_collection_modifyitems(self, session, config, items) -> None:
        self.items = list(items)

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")


@cache
def collect(tests_dir: Path) -> tuple[Case, ...]:
    """Every test case of the suite in ``tests_dir``, in pytest's order (cached).

    pytest collects the suite once; what it found is remembered between runs as a
    plan (modules, test names, parameter indices, marks: see :mod:`autograder.compiled`),
    from which later runs rebuild the same cases by importing the test modules, without
    a pytest session. A plan that no longer fits falls back to pytest.
    """
    from autograder.compiled import remembered

    tests_dir = Path(tests_dir)
    sources = [*sorted(tests_dir.glob("*.py")), tests_dir / "pytest.ini", Path(__file__),
               Path(__file__).with_name("suite_import.py")]
    try:
        plan = remembered(f"plan-{tests_dir.name}", sources, lambda: _plan(tests_dir))
        files: dict[str, Path] = {}  # module name -> its file, resolved once
        cases = tuple(_case_from_plan(entry, tests_dir, files) for entry in plan)
    except _PlanMismatch:
        cases = tuple(_case(item) for item in _collect_items(tests_dir))
    check_gates(cases)
    return cases


def warm_up(cases: tuple[Case, ...]) -> None:
    """Read now what ``cases`` will read on their first use: the remembered reference
    answers and hidden inputs (a 2 MB cache entry, about 10 ms), while the grader has
    nothing else to do (a submission loading in the sandbox)."""
    reference = sys.modules.get("autograder.hidden.reference")
    if cases and reference is not None:
        reference.ANSWERS.load()


def _collect_items(tests_dir: Path) -> list:
    """The pytest items of the suite in ``tests_dir`` (a collect-only pytest session).

    Raises:
        SuiteError: the suite does not collect.
    """
    import pytest

    _forget_modules(tests_dir)  # imported with stand-in marks (suite_import): pytest's own now
    collector = _Collector()
    args = [str(tests_dir), "--collect-only", "-q", "-c", str(tests_dir / "pytest.ini"),
            "--rootdir", str(tests_dir), "-p", "no:cacheprovider",
            "--assert=plain"]  # the checks fail through Feedback, never through assert
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # no third-party plugin may interfere
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            pytest.main(args, plugins=[collector])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if collector.errors:
        raise SuiteError("the tests did not collect:\n" + "\n".join(collector.errors))
    return collector.items


def _forget_modules(tests_dir: Path) -> None:
    root = tests_dir.resolve()
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if location and Path(location).resolve().parent == root:
            del sys.modules[name]


class _PlanMismatch(Exception):
    """A remembered plan does not fit the test modules as imported now."""


def _plan(tests_dir: Path) -> list[dict]:
    """What pytest collected, as plain data: enough to rebuild each case without pytest."""
    plan = []
    for item in _collect_items(tests_dir):
        case = _case(item)
        callspec = getattr(item, "callspec", None)
        plan.append({
            "module": item.module.__name__,
            "file": str(Path(item.module.__file__).resolve().relative_to(tests_dir.resolve())),
            "test": case.test,
            "function": case.function,
            "indices": dict(callspec.indices) if callspec else {},
            "params": [name for name, _ in case.params],
            "fixtures": list(case.fixtures),
            "diagnosis": case.diagnosis,
            "requires": list(case.requires),
        })
    return plan


def _case_from_plan(entry: dict, tests_dir: Path, files: dict[str, Path]) -> Case:
    """The case ``entry`` describes, with the test function and parameters as imported now.

    ``files`` remembers each checked module's file (``module name -> path``) between calls.

    Raises:
        _PlanMismatch: the module, the function or its parametrisation is not as planned.
    """
    from autograder.suite_import import parameter_values, without_pytest

    try:
        with without_pytest():
            module = importlib.import_module(entry["module"])
        if entry["module"] not in files:
            here = Path(str(module.__file__)).resolve()
            if here != (tests_dir / entry["file"]).resolve():
                raise _PlanMismatch(f"{entry['module']} is not {entry['file']}")
            files[entry["module"]] = here
        function = getattr(module, entry["test"])
        values = parameter_values(function, entry["indices"])
    except Exception as exc:
        raise _PlanMismatch(str(exc)) from None
    if list(values) != entry["params"]:
        raise _PlanMismatch(entry["test"])
    return Case(entry["function"], entry["test"], function, tuple(values.items()),
                tuple(entry["fixtures"]), diagnosis=entry["diagnosis"],
                requires=tuple(entry["requires"]))


def check_gates(cases: tuple[Case, ...]) -> None:
    """Each ``requires`` names a value check of the same function.

    Raises:
        SuiteError: a gate names an unknown check, a diagnosis or another gated check.
    """
    kinds = {(c.function, c.test): (c.diagnosis, bool(c.requires)) for c in cases}
    for case in cases:
        if case.diagnosis and case.requires:
            raise SuiteError(f"{case.test}: a diagnosis earns no points, it cannot require checks")
        for name in case.requires:
            kind = kinds.get((case.function, name))
            if kind is None:
                raise SuiteError(f"{case.test} requires {name}, which is not a check of "
                                 f"{case.function}")
            if kind != (False, False):
                raise SuiteError(f"{case.test} requires {name}, which is not a value check")


def _case(item) -> Case:
    marker = item.get_closest_marker("grades")
    if marker is None or not marker.args:
        raise SuiteError(f"{item.nodeid}: the module has no pytest.mark.grades(function)")
    params = dict(item.callspec.params) if hasattr(item, "callspec") else {}
    fixtures = tuple(name for name in item.fixturenames if name not in params)
    unknown = set(fixtures) - ALLOWED_FIXTURES
    if unknown:
        raise SuiteError(f"{item.nodeid}: uses fixtures {sorted(unknown)}; "
                         f"only {sorted(ALLOWED_FIXTURES)} are available")
    requires = item.get_closest_marker("requires")
    return Case(marker.args[0], item.originalname, item.obj, tuple(params.items()), fixtures,
                diagnosis=item.get_closest_marker("diagnosis") is not None,
                requires=tuple(requires.args) if requires else ())
