"""pytest plugin: ``pytest exercises/`` checks a learner's own notebooks.

Registered through the ``pytest11`` entry point, so it is active in every
pytest run of an environment where the course is installed. It collects a
``.ipynb`` file only when it is a course notebook (see
:mod:`autograder.selfstudy.course_notebooks`) and only when the learner named
it, or a folder holding it, on the command line: the project's own ``pytest``
(``testpaths = tests``) never collects a notebook.

Each notebook gives one test item per graded function of its module, named
after the function (``module02_attention.ipynb::softmax``). The notebook is
graded once, by :func:`autograder.engine.grade_path`, in the grader's sandbox:
a function that hangs or crashes fails its own item and the run goes on, with
the time limit of ``course.yaml``. A failure shows the grader's teaching
feedback, with a hint when a function it builds on fails too (graded alongside,
even for ``::softmax``); a function that still raises ``NotImplementedError`` (or
calls one that does) is skipped as "not started yet", with the reason, not failed.

Options: ``--course-lang tr|en`` (default: the notebook's language, else the
course's), ``--full`` (the complete hidden suite instead of the public checks),
``--course-file PATH`` (another ``course.yaml``, e.g. with other time limits).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from autograder.languages import LANGUAGES
from autograder.paths import HIDDEN_TESTS_DIR

if TYPE_CHECKING:  # the plugin loads in every pytest run: import the grader only when needed
    from autograder.config import Course
    from autograder.report import GradingReport
    from autograder.selfstudy.course_notebooks import CourseNotebook
    from autograder.selfstudy.verdicts import FunctionVerdict



@dataclass(frozen=True)
class Settings:
    """What the command line chose."""

    course: Course
    tests_dir: Path
    full: bool
    lang: str | None

    def language(self, notebook: CourseNotebook) -> str:
        return self.lang or notebook.language or self.course.default_language

    def suite_name(self, lang: str) -> str:
        from autograder.feedback import message

        return message("selfstudy.suite.hidden" if self.full else "selfstudy.suite.public", lang)


SETTINGS = pytest.StashKey[Settings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("transformer-course", "checking course notebooks (self-study)")
    group.addoption("--course-lang", choices=LANGUAGES, default=None,
                    help="language of the feedback (default: the notebook's, else the course's)")
    group.addoption("--full", action="store_true", default=False,
                    help="run the complete hidden suite (as the grader does) instead of the "
                         "public checks")
    group.addoption("--course-file", default=None, metavar="PATH",
                    help="course.yaml to use for points and time limits (default: the course's)")


# The course suites' marks (autograder/hidden/pytest.ini): their test modules may be
# imported inside any pytest run (see autograder.suite), which must know the marks.
SUITE_MARKERS = (
    "grades(function): the graded function a course test module checks",
    "diagnosis: a course check worth no points, there to name a mistake",
    "requires(*checks): the value checks whose success a course check's points wait for",
)


def pytest_configure(config: pytest.Config) -> None:
    for marker in SUITE_MARKERS:
        config.addinivalue_line("markers", marker)
    if config.option.full or config.option.course_file:
        settings(config)  # a bad option stops the run at once, with a clear message
    if not config.option.collectonly and any(
        path.suffix == ".ipynb" for path in _argument_paths(config)
    ):
        _start_sandbox()  # it boots on the other core while pytest sets up and collects
        _import_grader()


# What checking a notebook imports: the grader, and what this plugin shows of its report.
GRADER_MODULES = ("autograder.engine", "autograder.selfstudy.course_notebooks",
                  "autograder.selfstudy.verdicts", "autograder.hints", "autograder.feedback")


def _import_grader() -> None:
    """Import the grader now, without pytest's assertion rewriting (as the course suites
    are imported: :func:`autograder.suite_import.without_pytest`).

    pytest rewrites every module of a package that registers a plugin, so each of the
    grader's modules would be looked up twice and read through pytest's own bytecode
    cache, about 0.04 s of every learner's run; the rewriting only changes the message of
    a failing bare ``assert``, and the grader reports its own errors. Done here, before
    collection, so that no test module of the learner's is imported meanwhile, and while
    the fork server boots on the other core.
    """
    import importlib

    from autograder.suite_import import without_pytest

    with without_pytest():
        for name in GRADER_MODULES:
            try:
                importlib.import_module(name)
            except Exception:
                return  # the same import fails again where it is needed, and says why


def _start_sandbox() -> None:
    try:
        from autograder.sandbox import zygote

        if zygote.supported():
            zygote.get()
    except Exception:
        pass  # grading starts its own processes if the fork server cannot start


def settings(config: pytest.Config) -> Settings:
    """The run's :class:`Settings`, made on first use (a run without notebooks never needs them).

    Raises:
        pytest.UsageError: the course file is invalid, or ``--full`` has no hidden suite.
    """
    if SETTINGS not in config.stash:
        from autograder.config import CourseFileError, course, load_course
        from autograder.selfstudy.suites import HiddenSuiteMissing, suite_dir

        option = config.option
        try:
            chosen = load_course(option.course_file) if option.course_file else course()
            tests_dir = suite_dir(full=option.full, hidden_dir=HIDDEN_TESTS_DIR)
        except (CourseFileError, HiddenSuiteMissing) as exc:
            raise pytest.UsageError(str(exc)) from None
        config.stash[SETTINGS] = Settings(chosen, tests_dir, option.full, option.course_lang)
    return config.stash[SETTINGS]


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix != ".ipynb":
        return None
    config = parent.config
    explicit = _named_on_command_line(file_path, config)
    if not (explicit or _inside_named_folder(file_path, config)):
        return None
    from autograder.selfstudy.course_notebooks import identify

    notebook = identify(file_path, settings(config).course)
    if notebook is None:
        return NotACourseNotebook.from_parent(parent, path=file_path) if explicit else None
    collector = NotebookFile.from_parent(parent, path=file_path)
    collector.notebook = notebook
    if not config.option.collectonly:
        collector.loading = _start_loading(file_path, settings(config).course)
    return collector


def _start_loading(path: Path, course: Course):
    """Load the notebook in the sandbox now, in the background, while pytest collects and
    the grader is imported (see :mod:`autograder.loading`); None if that cannot start."""
    _start_sandbox()
    try:
        from autograder.loading import start

        return start(path, course)
    except Exception:
        return None  # grading loads it itself


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A run of course notebooks only is over: what is left lives until pytest exits, so
    pytest's final garbage collections need not walk it (about 0.2 s of every run)."""
    if session.items and all(isinstance(item, FunctionCheck) for item in session.items):
        gc.freeze()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Grade only the functions whose items are still selected (``-k``, ``::softmax``),
    and the functions they build on (for the hint)."""
    for item in session.items:
        if isinstance(item, FunctionCheck):
            item.parent.selected.append(item.name)


class NotebookFile(pytest.File):
    """A course notebook: one :class:`FunctionCheck` per graded function of its module."""

    notebook: CourseNotebook
    loading = None  # autograder.loading.Loading, started at collection

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected: list[str] = []
        self._report: GradingReport | None = None
        self._error: str | None = None

    def collect(self):
        for function in self.notebook.functions:
            yield FunctionCheck.from_parent(self, name=function)

    @property
    def settings(self) -> Settings:
        return settings(self.config)

    @property
    def lang(self) -> str:
        return self.settings.language(self.notebook)

    def graded(self) -> GradingReport:
        """The notebook's grading report (one ``grade_path`` call for all its items).

        Raises:
            GradingFailed: the grader could not grade the notebook at all.
        """
        from autograder.engine import grade_path
        from autograder.feedback import message

        if self._report is None and self._error is None:
            config = self.settings.course
            wanted = self.selected or self.notebook.functions
            foundations = [g for f in wanted for g in config.builds_on(f) if g not in wanted]
            try:
                self._report = grade_path(
                    self.path, lang=self.lang, functions=[*wanted, *dict.fromkeys(foundations)],
                    course_config=config, tests_dir=self.settings.tests_dir, hints=False,
                    loading=self.loading,
                )
            except Exception as exc:  # say what went wrong, never a traceback
                self._error = message("selfstudy.pytest.grader_failed", self.lang,
                                      notebook=self.path.name, error=f"{type(exc).__name__}: {exc}")
        if self._error is not None:
            raise GradingFailed(self._error)
        assert self._report is not None  # graded above, or the error was raised
        return self._report


class FunctionCheck(pytest.Item):
    """One graded function of a notebook: passes when all its checks pass."""

    parent: NotebookFile

    def runtest(self) -> None:
        from autograder.feedback import message
        from autograder.hints import builds_on_hint, foundations_to_fix
        from autograder.selfstudy.verdicts import states_of, verdict

        report = self.parent.graded()
        result = verdict(self.name, [t for t in report.tests if t.function == self.name])
        lang, suite = self.parent.lang, self.parent.settings.suite_name(self.parent.lang)
        if result.state == "no_checks":
            pytest.skip(message("selfstudy.pytest.no_checks", lang, function=self.name,
                                suite=suite))
        if result.state == "not_started":  # not a failure: nothing to check yet
            pytest.skip(result.failures[0].output)
        if result.state != "done":
            config = self.parent.settings.course
            foundations = foundations_to_fix(self.name, states_of(report.tests), config)
            if foundations:
                result.notes.append(builds_on_hint(self.name, foundations, lang))
            raise FunctionFailed(failure_text(result, lang, suite))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (FunctionFailed, GradingFailed)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, self.name


class NotACourseNotebook(pytest.File):
    """A notebook named on the command line that is not one of the course's."""

    def collect(self):
        from autograder.feedback import message

        config = settings(self.config).course
        names = ", ".join(f"{m.notebook}.ipynb" for m in config.modules)
        lang = settings(self.config).lang or config.default_language
        raise self.CollectError(message("selfstudy.pytest.not_a_course_notebook", lang,
                                        notebook=self.path.name, names=names))


class FunctionFailed(Exception):
    """Some checks of a function failed; the message is the feedback."""


class GradingFailed(Exception):
    """The grader could not grade the notebook; the message says why."""


def failure_text(result: FunctionVerdict, lang: str, suite: str) -> str:
    """The teaching feedback for a function that is not done."""
    from autograder.feedback import message
    from autograder.selfstudy.render import check_lines

    if result.state in ("not_started", "missing"):
        return result.failures[0].output  # the same sentence for every check: say it once
    summary = message("selfstudy.pytest.summary", lang, function=result.function,
                      passed=result.passed, total=len(result.checks), suite=suite)
    return "\n".join([summary, *(text for text, _ in check_lines(result.checks)),
                      *result.notes])


def _named_on_command_line(file_path: Path, config: pytest.Config) -> bool:
    return file_path.resolve() in _argument_paths(config)


def _inside_named_folder(file_path: Path, config: pytest.Config) -> bool:
    """True for a notebook under a folder the learner named (not under the project's
    ``testpaths``, unless that folder itself was named)."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return False  # plain `pytest`: the project's own test run
    path = file_path.resolve()
    folders = [p for p in _argument_paths(config) if p.is_dir()]
    testpaths = [(config.rootpath / p).resolve() for p in config.getini("testpaths")]
    for folder in folders:
        if folder in path.parents and not any(
            t in path.parents and folder in t.parents for t in testpaths
        ):
            return True
    return False


def _argument_paths(config: pytest.Config) -> set[Path]:
    paths = set()
    for arg in config.args:
        part = arg.split("::", 1)[0]
        if part:
            paths.add((config.invocation_params.dir / part).resolve())
    return paths
