"""``report RESULTS_DIR``: the HTML page and the terminal summary, from real grading results."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest

from autograder.feedback import message
from autograder.paths import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def class_results(tmp_path_factory, klass):
    root = tmp_path_factory.mktemp("report")
    subs = klass.small_class(root, students=4)  # two of four forget to subtract the maximum
    klass.write(subs / "zeynep.ipynb", (klass.RELEASED_NOTEBOOK).read_text())
    out = root / "results"
    assert klass.grade_all(subs, "--out", out, "--lang", "en").returncode == 0
    return out


def report(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "report", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)


def test_when_reporting_then_html_shows_distribution_pass_rates_and_mistakes(class_results):
    proc = report(class_results, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    html = (class_results / "class_report.html").read_text(encoding="utf-8")
    images = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    assert len(images) == 2
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "http" not in html.replace("http-equiv", ""), "self-contained: nothing fetched"
    overflow = message("mistake.softmax.overflow", "en")
    assert overflow in html
    assert re.search(r">40% \(2\)<", html), "2 of 5 students made the overflow mistake"
    assert "error.not_started" in html and "20% (1)" in html
    for student in ("student00", "student01", "zeynep"):
        assert f"<td>{student}</td>" in html
    assert "Grade distribution" in html and "<code>softmax</code>" in html


def test_when_reporting_then_the_terminal_summary_names_the_common_mistake(class_results):
    proc = report(class_results, "--lang", "tr", "--html", class_results / "tr.html")
    assert proc.returncode == 0, proc.stderr
    assert "En sık yapılan hatalar" in proc.stdout and "40%" in proc.stdout
    assert "Not dağılımı" in (class_results / "tr.html").read_text(encoding="utf-8")


def test_when_the_folder_is_not_a_results_folder_then_usage_error(tmp_path):
    proc = report(tmp_path)
    assert proc.returncode == 2 and "grade-all" in proc.stderr and "Traceback" not in proc.stderr
