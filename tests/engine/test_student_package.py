"""The student package works on its own, outside the repository, in both quiz modes.

Each mode's wheel is built, installed into a clean virtual environment in a temporary
folder (its dependencies linked from this one's, this checkout nowhere on its path),
and used from a learner's folder there: ``quiz validate``, ``quiz take`` with scripted
input, ``progress``, ``pytest`` on a notebook and ``check()`` in a Jupyter kernel. A
graded-mode wheel is shown to hold no answer key, and the instructor grades the
answers it recorded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from autograder.outcomes.signatures import reference_signatures
from autograder.paths import REPO_ROOT
from autograder.quiz.bank import load_bank
from autograder.quiz.compiled import QuestionsOnly, check_questions
from autograder.quiz.grading import grade_answers, read_answers
from autograder.student_package import build_student_wheel, student_pyproject

# Lines that answer any question after a few retries: a number, true, n numbers in order.
ANY_ANSWER = ["1", "t", "1 2 3", "1 2 3 4", "1 2 3 4 5", "1 2 3 4 5 6"]
# one worker builds the wheels and their clean venvs under pytest-xdist (--dist loadgroup)
pytestmark = pytest.mark.xdist_group("student-package")


def test_student_pyproject_packages_the_grader_without_its_hidden_tests():
    text = student_pyproject((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert 'include = ["autograder*"]' in text
    assert 'exclude = ["autograder.hidden*"]' in text
    assert "solutions" not in text.split("[tool.setuptools.packages.find]")[1].split("[")[0]
    assert '"quiz/bank.json"' in text


class Learner:
    """A clean venv with the wheel installed, and a learner's folder outside the repository."""

    def __init__(self, root: Path, wheel: Path) -> None:
        self.root = root
        venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        self.python = venv / "bin" / "python"
        site = Path(subprocess.run(
            [str(self.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True).stdout.strip())
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--target", str(site), str(wheel)], check=True)
        # The dependencies (numpy, pytest, Jupyter...) from this environment, without the
        # course itself: a folder of links to every other installed package.
        deps = root / "deps"
        deps.mkdir()
        mine = Path(sysconfig.get_paths()["purelib"])
        for entry in mine.iterdir():
            if not entry.name.startswith(("transformer_course", "__editable__", "autograder",
                                          "solutions", "__pycache__")):
                (deps / entry.name).symlink_to(entry)
        (site / "dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
        self.home = root / "learner"
        self.home.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "PYTEST", "VIRTUAL_ENV", "AUTOGRADER",
                                         "JPY", "JUPYTER"))}
        self.env.update(HOME=str(root), XDG_CACHE_HOME=str(root / "cache"),
                        MPLCONFIGDIR=str(root / "mpl"), COLUMNS="120",
                        PATH=os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"]))

    def run(self, *args: str, stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.python), *args], cwd=self.home, env=self.env,
                              input=stdin, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module", params=["practice", "graded"])
def learner(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"wheel-{request.param}")
    assert REPO_ROOT not in root.parents
    wheel = build_student_wheel(root / "dist", request.param)
    return request.param, wheel, Learner(root, wheel)


@pytest.mark.slow
def test_the_wheel_leaves_out_the_hidden_tests_the_solutions_and_the_generators(learner):
    mode, wheel, _ = learner
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("solutions/", "autograder/hidden/"))]
    assert "autograder/quiz/generators.py" not in names
    assert {"autograder/course.yaml", "autograder/quiz/bank.json",
            "autograder/public/test_softmax.py", "autograder/selfcheck.py",
            "autograder/recognisers/masks.py", "autograder/number_words/model.npz",
            "autograder/number_words/words.yaml"} <= set(names)
    data = json.loads(zipfile.ZipFile(wheel).read("autograder/quiz/bank.json"))
    assert data["mode"] == mode
    packaged = json.loads(zipfile.ZipFile(wheel).read("autograder/outcomes/signatures.json"))
    assert packaged == reference_signatures()


@pytest.mark.slow
def test_a_graded_wheel_holds_no_answer_key_and_a_practice_wheel_every_one(learner):
    mode, wheel, _ = learner
    archive = zipfile.ZipFile(wheel)
    data = json.loads(archive.read("autograder/quiz/bank.json"))
    if mode == "practice":  # instant feedback: every item carries its key
        keyed = {problem.split(": ")[1] for problem in check_questions(QuestionsOnly(data))
                 if "holds answer keys" in problem}
        assert keyed == {item["id"] for item in data["items"]}
        return
    assert check_questions(QuestionsOnly(data)) == []  # no key field anywhere, and usable
    everything = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    bank = load_bank()
    secrets = set()
    for item in bank.items:  # every sentence that says what is right (the key fields are
        for lang in ("en", "tr"):  # checked above, accepted short answers among them)
            secrets.add(item.explanation(lang))
            for option in getattr(item, "options", []):
                secrets.add(option.feedback(lang))
            for name in ("feedback_true", "feedback_false"):
                if hasattr(item, name):
                    secrets.add(getattr(item, name)(lang))
    leaked = sorted(s for s in secrets if len(s) > 12 and s in everything)
    assert not leaked, leaked[:5]
    for entry in data["items"]:  # choices in fingerprint order, never the bank's
        keys = [c["key"] for c in entry.get("choices", [])]
        assert keys == sorted(keys)


@pytest.mark.slow
def test_quiz_validate_take_and_the_instructors_grading_work_from_the_wheel(learner):
    mode, _, env = learner
    validated = env.run("-m", "autograder", "quiz", "validate")
    assert validated.returncode == 0, validated.stderr
    assert "quiz bank OK" in validated.stdout
    assert ("graded by the instructor" in validated.stdout) == (mode == "graded")

    items = load_bank().select(["module01"])
    script = "\n".join(ANY_ANSWER * 3 * len(items)) + "\n"
    save = ["--save", "quizzes/answers/module01.yaml"] if mode == "practice" else []
    taken = env.run("-m", "autograder", "quiz", "take", "--module", "module01", "--lang", "en",
                    "--student", "ayse", *save, stdin=script)
    assert taken.returncode == 0, taken.stdout[-3000:] + taken.stderr
    assert f"Quiz: {len(items)} questions" in taken.stdout
    saved = env.home / "quizzes" / "answers" / (
        "module01.yaml" if mode == "practice" else "ayse.quiz.yaml")
    answers = read_answers(saved)
    assert set(answers.answers) == {item.id for item in items}
    if mode == "graded":
        assert "Your instructor grades this quiz" in taken.stdout
        assert "Correct" not in taken.stdout and "Incorrect" not in taken.stdout
        # The instructor grades the file in the repository: every answer reads as an answer.
        report = grade_answers(load_bank(), answers, "en", ["module01"], student="ayse")
        assert not [r.id for r in report.items if r.status in ("invalid", "unanswered")]
    else:
        assert "Summary" in taken.stdout and "points" in taken.stdout
        graded_there = env.run("-m", "autograder", "quiz", "grade", str(saved), "--json",
                               "--module", "module01")
        assert graded_there.returncode == 0, graded_there.stderr
        here = grade_answers(load_bank(), answers, "en", ["module01"], student="module01")
        assert json.loads(graded_there.stdout)["score"] == here.score  # same variants


@pytest.mark.slow
def test_progress_and_pytest_check_the_learners_notebooks_from_the_wheel(learner):
    mode, _, env = learner
    folder = env.home / "exercises"
    folder.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "exercises" / "en" / "module01_seq2seq.ipynb", folder)
    shutil.copy(REPO_ROOT / "solutions" / "notebooks" / "en" / "module02_attention.ipynb", folder)
    save = ["--save", "quizzes/answers/first.yaml"] if mode == "practice" else []
    taken = env.run("-m", "autograder", "quiz", "take", "--section", "seq2seq_uses", "--limit",
                    "2", "--lang", "en", "--student", "ayse", *save,
                    stdin="\n".join(ANY_ANSWER * 4) + "\n")
    assert taken.returncode == 0, taken.stderr
    progress = env.run("-m", "autograder", "progress")
    assert progress.returncode == 0, progress.stderr
    assert "⏳ rnn_encoder" in progress.stdout and "✅ softmax" in progress.stdout
    section = next(line for line in progress.stdout.splitlines()
                   if "📝 Seq2seq models and their uses:" in line)
    if mode == "graded":
        assert "questions answered (your instructor grades them)" in section
    else:
        assert "points" in section
    assert "not defined" not in progress.stdout and "Traceback" not in progress.stderr
    checked = env.run("-m", "pytest", "-p", "no:cacheprovider", "exercises/")
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert "10 passed, 2 skipped" in checked.stdout


@pytest.mark.slow
def test_check_runs_in_a_kernel_of_the_clean_environment(learner):
    _, _, env = learner
    script = textwrap.dedent("""
        import nbformat
        from nbclient import NotebookClient

        cells = [
            "import sys, autograder; print(sys.executable); print(autograder.__file__)",
            "import numpy as np\\nfrom autograder.selfcheck import check",
            "def softmax(x, axis=-1, temperature=1.0):\\n"
            "    if temperature <= 0:\\n        raise ValueError('temperature')\\n"
            "    z = np.asarray(x, dtype=float) / temperature\\n"
            "    e = np.exp(z - z.max(axis=axis, keepdims=True))\\n"
            "    return e / e.sum(axis=axis, keepdims=True)",
            "check('softmax', lang='en')",
        ]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
        for cell in nb.cells:
            for output in cell.outputs:
                print(output.get("text", ""), end="")
    """)
    ran = env.run("-c", script)
    assert ran.returncode == 0, ran.stderr[-3000:]
    lines = re.sub(r"\x1b\[[0-9;]*m", "", ran.stdout).splitlines()  # without colours
    assert lines[0] == str(env.python)
    assert REPO_ROOT.as_posix() not in lines[1] and "site-packages/autograder" in lines[1]
    assert any(line.startswith("✅ softmax: all 4 public checks passed") for line in lines)


@pytest.mark.slow
def test_module03s_trained_model_loads_from_the_wheel(learner):
    _, _, env = learner
    ran = env.run("-c", "from autograder.number_words import encode_words, load_model; "
                  "print(load_model().num_heads, encode_words('üç yüz kırk iki').tolist())")
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.split() == ["2", "[15,", "31,", "25,", "14]"]
