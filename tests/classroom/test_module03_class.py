"""A module 03 class: ``grade-all --module module03``, its gradebook and its class report."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from autograder.feedback import message
from autograder.paths import REPO_ROOT

pytestmark = pytest.mark.slow

RELEASED = REPO_ROOT / "exercises" / "en" / "module03_decoder.ipynb"


def test_when_a_module03_class_is_graded_then_gradebook_and_report_know_its_functions(
    tmp_path, klass
):
    subs = tmp_path / "submissions"
    ref = klass.reference_source()
    eos_dropped = (klass.CATALOG / "greedy_decode" / "wrong_eos_dropped.py").read_text()
    klass.write(subs / "ayse.py", ref)
    klass.write(subs / "burak.py", ref + "\n" + eos_dropped)
    klass.write(subs / "cem.ipynb", RELEASED.read_text(encoding="utf-8"))  # not started
    out = tmp_path / "results"
    proc = klass.grade_all(subs, "--out", out, "--module", "module03", "--lang", "en")
    assert proc.returncode == 0, proc.stderr

    with (out / "gradebook.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, {row["student"]: row for row in reader}
    assert columns[1:3] == ["decoder_layer", "greedy_decode"] and "softmax" not in columns
    assert (rows["ayse"]["total"], rows["ayse"]["max"]) == ("22", "22")
    assert rows["burak"]["decoder_layer"] == "12" and float(rows["burak"]["greedy_decode"]) < 10
    assert rows["cem"]["total"] == "0"

    report = subprocess.run([sys.executable, "-m", "autograder", "report", str(out),
                             "--lang", "en"], capture_output=True, text=True, timeout=120,
                            cwd=REPO_ROOT)
    assert report.returncode == 0, report.stderr
    html = (out / "class_report.html").read_text(encoding="utf-8")
    assert "<code>greedy_<wbr>decode</code>" in html and "<code>decoder_<wbr>layer</code>" in html
    assert message("mistake.greedy_decode.eos_dropped", "en") in html
