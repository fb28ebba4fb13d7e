"""Exports: Moodle XML (golden file), Canvas QTI through text2qti, and the nbgrader notebook.

Refresh the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/quiz``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.quiz.export_moodle import export_moodle
from autograder.quiz.export_notebook import build_notebook
from autograder.quiz.export_qti import export_qti, quiz_text


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_moodle_export_of_the_mini_bank_matches_its_golden_file(mini_bank, lang, check_golden):
    xml, report = export_moodle(mini_bank, mini_bank.items, lang, variants=2)
    check_golden(f"moodle_mini_{lang}.xml", xml)
    assert report.degraded == {"mini-crs-05": report.degraded["mini-crs-05"]}  # matching only


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_qti_source_of_the_mini_bank_matches_its_golden_file(mini_bank, lang, check_golden):
    text, report = quiz_text(mini_bank, mini_bank.items, lang, variants=2)
    check_golden(f"qti_mini_{lang}.md", text + "\n\n" + "\n".join(report.lines()) + "\n")


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_notebook_of_the_mini_bank_matches_its_golden_file(mini_bank, lang, check_golden):
    notebook, report = build_notebook(mini_bank, mini_bank.items, lang, seed=3)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # nbformat draws cell ids at random
    check_golden(f"notebook_mini_{lang}.json", nbformat.writes(notebook) + "\n")
    assert report.lines() == [f"nbgrader notebook: {len(mini_bank.items)} items exported"]


def test_moodle_export_of_the_whole_bank_is_valid_moodle_xml(bank):
    xml, report = export_moodle(bank, bank.items, "tr", variants=3)
    root = ET.fromstring(xml)
    assert root.tag == "quiz"
    questions = [q for q in root if q.get("type") != "category"]
    parametrised = [i for i in bank.items if i.parametrised]
    assert len(questions) == len(bank.items) - len(parametrised) + 3 * len(parametrised)
    idnumbers = [q.findtext("idnumber") for q in questions]
    assert len(set(idnumbers)) == len(idnumbers)
    for question in questions:
        assert question.findtext("name/text") and question.findtext("questiontext/text")
        assert question.find("tags/tag") is not None
        if question.get("type") == "numerical":
            assert question.find("answer/tolerance") is not None
        if question.get("type") in {"multichoice", "truefalse"}:
            assert all(a.find("feedback/text").text for a in question.findall("answer"))
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert all(c.startswith("$course$/") for c in categories)
    assert any(c.endswith("/m02-sdp-03") for c in categories)  # variants get their own category
    assert set(report.exported) == {i.id for i in bank.items}


def test_moodle_multiple_response_fractions_sum_to_100(bank):
    xml, _ = export_moodle(bank, [bank.item("m02-qkv-04")], "en")
    question = ET.fromstring(xml).find("question[@type='multichoice']")
    fractions = [float(a.get("fraction")) for a in question.findall("answer")]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)


def test_moodle_short_answers_include_turkish_capitals(bank):
    xml, _ = export_moodle(bank, [bank.item("m01-ed-07")], "tr")
    answers = [a.findtext("text") for a in ET.fromstring(xml).iter("answer")]
    assert "kodlayıcı" in answers and "KODLAYICI" in answers


def test_qti_export_skips_and_reports_what_text2qti_cannot_express(bank, tmp_path: Path):
    out = tmp_path / "quiz.zip"
    report = export_qti(bank, bank.items, "en", out, variants=2)
    unsupported = {i.id for i in bank.items if i.type in {"ordering", "matching"}}
    assert set(report.skipped) == unsupported
    assert set(report.exported) == {i.id for i in bank.items} - unsupported
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert "imsmanifest.xml" in names
        [assessment] = [
            n
            for n in names
            if n.endswith(".xml") and "assessment_meta" not in n and n != "imsmanifest.xml"
        ]
        root = ET.fromstring(archive.read(assessment))
    items = [e for e in root.iter() if e.tag.endswith("}item")]
    static = len([i for i in report.exported if not bank.item(i).parametrised])
    assert len(items) >= static


def test_qti_source_escapes_markdown_and_html(mini_bank):
    text, _ = quiz_text(mini_bank, mini_bank.items, "tr")
    assert "d\\_k" in text and "<eos>" not in text


@pytest.mark.slow
def test_notebook_test_cells_hold_the_points_for_right_answers_and_zero_for_wrong(mini_bank):
    from nbclient import NotebookClient

    notebook, report = build_notebook(mini_bank, mini_bank.items, "tr", seed=3)
    assert report.exported == [i.id for i in mini_bank.items] and not report.skipped
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    tests = [c for c in notebook.cells if c.metadata["nbgrader"]["grade"]]
    earned = [float(c.outputs[0]["data"]["text/plain"]) for c in tests]
    assert earned == [c.metadata["nbgrader"]["points"] for c in tests]

    wrong, _ = build_notebook(mini_bank, mini_bank.items, "tr", seed=3)
    for cell in wrong.cells:
        if cell.metadata["nbgrader"]["solution"]:
            name = cell.source.splitlines()[1].split(" = ")[0]
            cell.source = f"{name} = 'zzz'"  # unreadable for every item type
    NotebookClient(wrong, timeout=60, kernel_name="python3").execute()
    tests = [c for c in wrong.cells if c.metadata["nbgrader"]["grade"]]
    assert [float(c.outputs[-1]["data"]["text/plain"]) for c in tests] == [0.0] * len(tests)


def test_nbgrader_release_version_hides_answers_and_keys(mini_bank):
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    notebook, _ = build_notebook(mini_bank, mini_bank.items, "en")
    student = nbformat.from_dict(notebook)
    student, _ = ClearSolutions().preprocess(student, {})
    student, _ = ClearHiddenTests().preprocess(student, {})
    source = "\n".join(c.source for c in student.cells)
    assert "_quiz_points('" not in source and "'correct'" not in source
    assert "raise NotImplementedError()" in source
