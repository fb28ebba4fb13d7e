"""The student package: installable, useful, and without hidden tests or solutions."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import zipfile

import pytest

from autograder.paths import REPO_ROOT
from autograder.student_package import build_student_wheel, student_pyproject


def test_student_pyproject_packages_the_grader_without_its_hidden_tests():
    text = student_pyproject((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert 'include = ["autograder*"]' in text
    assert 'exclude = ["autograder.hidden*"]' in text
    assert "solutions" not in text.split("[tool.setuptools.packages.find]")[1].split("[")[0]


@pytest.mark.slow
def test_student_wheel_leaves_out_secrets_and_still_checks_a_function(tmp_path):
    wheel = build_student_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("solutions/", "autograder/hidden/"))]
    assert {"autograder/course.yaml", "autograder/public/test_softmax.py",
            "autograder/selfcheck.py", "autograder/recognisers/masks.py",
            "autograder/number_words/model.npz", "autograder/number_words/words.yaml"} <= set(names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    learner = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        sys.path.append(sys.argv[2])  # numpy and the other dependencies, no .pth files
        import numpy as np
        import autograder
        assert autograder.__file__.startswith(sys.argv[1]), autograder.__file__
        try:
            import solutions
        except ImportError:
            print("no solutions")
        from autograder.selfcheck import run_check

        def softmax(x, axis=-1, temperature=1.0):
            if temperature <= 0:
                raise ValueError("temperature must be positive")
            z = np.asarray(x, dtype=float) / temperature
            e = np.exp(z - z.max(axis=axis, keepdims=True))
            return e / e.sum(axis=axis, keepdims=True)

        print(run_check("softmax", {"softmax": softmax}, "en").state)

        def causal_mask(seq_len):  # the upper triangle: named by the shipped recogniser
            return np.triu(np.ones((seq_len, seq_len), dtype=bool))

        result = run_check("causal_mask", {"causal_mask": causal_mask}, "en")
        print(result.state, result.failures[0].feedback_key)

        from autograder.number_words import encode_words, load_model  # module 03's model
        print(load_model().num_heads, encode_words("üç yüz kırk iki").tolist())
    """)
    # Outside the repository, without site (-S): the editable install's .pth finder would
    # map `solutions` to this checkout; only the wheel provides autograder.
    dependencies = sysconfig.get_paths()["purelib"]
    done = subprocess.run([sys.executable, "-I", "-S", "-c", learner, str(target), dependencies],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["no", "solutions", "done", "wrong",
                                   "mistake.causal_mask.upper_triangle", "2", "[15,", "31,", "25,",
                                   "14]"]
