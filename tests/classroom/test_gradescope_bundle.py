"""The Gradescope bundle, unpacked into a folder laid out like Gradescope's and run there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from autograder.config import course
from autograder.engine import grade_path
from autograder.feedback import message
from autograder.paths import REPO_ROOT

# one worker builds this module's bundles under pytest-xdist (--dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gradescope-bundle")]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", "--out",
                           str(out), "--lang", "en"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    return out


def gradescope_root(tmp_path, bundle):
    """/autograder as Gradescope lays it out: source (the unzipped bundle), submission, results."""
    root = tmp_path / "autograder"
    for name in ("source", "submission", "results"):
        (root / name).mkdir(parents=True)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / name, 0o755)
    return root


def run_autograder(root) -> tuple[subprocess.CompletedProcess, dict]:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    proc = subprocess.run([str(root / "source" / "run_autograder")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    return proc, results


def test_when_bundled_then_the_zip_has_setup_run_autograder_and_pinned_requirements(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        requirements = archive.read("requirements.txt").decode().split()
        run = archive.getinfo("run_autograder")
    assert {"setup.sh", "run_autograder", "course.yaml", "autograder/engine.py",
            "autograder/hidden/test_softmax.py", "solutions/transformer.py",
            "autograder/hidden/test_greedy_decode.py", "solutions/decoder.py",
            "autograder/number_words/model.npz", "quizzes/module03.yaml"} <= names
    assert not any("__pycache__" in n for n in names)
    assert run.external_attr >> 16 & 0o111, "run_autograder is executable"
    assert all("==" in line for line in requirements)
    assert any(line.startswith("numpy==") for line in requirements)


def test_when_run_like_gradescope_then_results_json_matches_the_grader(tmp_path, bundle, klass):
    root = gradescope_root(tmp_path, bundle)
    buggy = klass.reference_source() + (
        klass.CATALOG / "softmax" / "wrong_no_max_subtraction.py").read_text()
    submission = klass.write(root / "submission" / "module02_attention.ipynb",
                             klass.notebook(buggy))
    proc, results = run_autograder(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    every_function = [fn.name for fn in course().functions()]  # the bundle's assignment
    expected = grade_path(submission, lang="en", functions=every_function)
    assert results["score"] == pytest.approx(expected.score)
    assert len(results["tests"]) == len(expected.function_scores())  # one test per function
    for test in results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["visibility"] == "after_published"
        assert test["status"] in {"passed", "failed"}
    assert any(message("mistake.softmax.overflow", "en") in t["output"] for t in results["tests"])
    # as on Gradescope, as root: each student process runs with a uid of its own
    layers = next(line for line in proc.stdout.splitlines() if line.startswith("isolation: "))
    assert "no-capabilities" in layers and "seccomp" in layers
    if os.geteuid() == 0:
        assert "uid" in layers.split(": ")[1].split(", ")


def test_when_a_module03_notebook_is_run_like_gradescope_then_the_model_is_there(
    tmp_path, klass
):
    bundle = tmp_path / "module03.zip"
    built = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", "--out",
                            str(bundle), "--lang", "en", "--module", "module03"],
                           capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert built.returncode == 0, built.stderr
    root = gradescope_root(tmp_path, bundle)
    submission = klass.write(root / "submission" / "module03_decoder.ipynb",
                             klass.notebook(klass.reference_source()))
    proc, results = run_autograder(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = grade_path(submission, lang="en", module="module03")
    assert {t.function for t in expected.tests} == {"decoder_layer", "greedy_decode"}
    assert results["score"] == pytest.approx(expected.score) == 22  # greedy_decode loaded it
    assert sum(t["max_score"] for t in results["tests"]) == 22
    assert all(t["status"] == "passed" for t in results["tests"])


def test_when_nothing_was_submitted_then_results_json_says_so(tmp_path, bundle):
    root = gradescope_root(tmp_path, bundle)
    (root / "submission" / "notes.txt").write_text("I forgot the notebook")
    proc, results = run_autograder(root)
    assert proc.returncode == 0
    assert results["score"] == 0
    assert results["output"] == message("classroom.gradescope_no_submission", "en")
    assert results["tests"] and all(t["score"] == 0 for t in results["tests"])


@pytest.fixture(scope="module")
def module_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle-module02") / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", "--out",
                           str(out), "--lang", "en", "--module", "module02"],
                          capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    return out


def test_the_assignment_fixes_functions_and_maximum_whatever_the_upload_holds(
        tmp_path, module_bundle, klass):
    root = gradescope_root(tmp_path, module_bundle)
    reference = klass.reference_source()
    klass.write(root / "submission" / "module01_seq2seq.ipynb", klass.notebook(reference))
    klass.write(root / "submission" / "module02_attention.ipynb", klass.notebook(reference))
    klass.write(root / "submission" / "extra.py", reference)
    _, results = run_autograder(root)
    maximum = sum(t["max_score"] for t in results["tests"])
    assert maximum == 80, "the upload decided the maximum"
    assert {t["tags"][0] for t in results["tests"]} == {
        "softmax", "scaled_dot_product_attention", "causal_mask", "padding_mask", "split_heads",
        "merge_heads", "multi_head_attention", "sinusoidal_positional_encoding", "layer_norm",
        "encoder_layer"}
    assert results["score"] == 80
    assert all("checks passed" in t["name"] for t in results["tests"])  # localized titles
    with zipfile.ZipFile(module_bundle) as archive:
        readme = archive.read("README.md").decode()
    assert "80 points" in readme and "module" not in readme.splitlines()[0].lower()


def test_the_bundles_requirements_run_the_course_notebooks_in_a_clean_venv(tmp_path,
                                                                             module_bundle):
    """The notebooks' setup cell imports matplotlib: the bundle must install it."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    root = gradescope_root(tmp_path, module_bundle)
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r",
                              str(root / "source" / "requirements.txt")],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    released = json.loads((REPO_ROOT / "exercises" / "en" / "module02_attention.ipynb")
                          .read_text(encoding="utf-8"))
    from tests.conftest import reference_source

    for cell in released["cells"]:  # the student's answers in the solution cells
        if cell.get("id") == "solution-encoder_layer":  # the last one: it defines them all
            cell["source"] = reference_source()
    (root / "submission" / "module02_attention.ipynb").write_text(json.dumps(released),
                                                                  encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": str(python)}
    proc = subprocess.run([str(root / "source" / "run_autograder")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 80, results
    assert "ModuleNotFoundError" not in results.get("output", ""), results["output"]
