"""Small synthetic classes (real submissions) for the classroom tests.

The helpers are reached through the ``klass`` fixture (test modules cannot import
each other under ``--import-mode=importlib``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from autograder.paths import COURSE_FILE, REPO_ROOT
from tests.conftest import reference_source

CATALOG = REPO_ROOT / "tests" / "catalog" / "submissions"
RELEASED_NOTEBOOK = REPO_ROOT / "exercises" / "en" / "module02_attention.ipynb"

HANGING_SOFTMAX = '''
def softmax(x, axis=-1, temperature=1.0):
    while True:
        pass
'''
CRASHING_LAYER_NORM = '''
def layer_norm(x, gamma, beta, eps=1e-5):
    import os
    os._exit(1)
'''
FLOOD = 'print("flood " * 2_000_000)\n'
NOT_STARTED_SPLIT_HEADS = '''
def split_heads(x, num_heads):
    raise NotImplementedError
'''


def notebook(*cells: str) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [],
                   "execution_count": None} for c in cells],
    })


def short_course_file(directory: Path) -> Path:
    """The repository's course file with short time limits, so a hang costs ~1 s."""
    data = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    data["sandbox"].update(call_timeout_seconds=1, cell_timeout_seconds=3,
                           total_timeout_seconds=30)
    path = directory / "course-short.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mixed_class(root: Path) -> Path:
    """Eight students in all three layouts: complete, partial, buggy, stub, hang, crash,
    output flood, and a folder with a notebook and quiz answers."""
    subs = root / "submissions"
    ref = reference_source()
    buggy_softmax = (CATALOG / "softmax" / "wrong_no_max_subtraction.py").read_text()
    write(subs / "ali_complete.py", ref)
    write(subs / "berk_partial.ipynb", notebook(ref, NOT_STARTED_SPLIT_HEADS))
    write(subs / "cem_buggy.py", ref + "\n" + buggy_softmax)
    shutil.copyfile(RELEASED_NOTEBOOK, subs / "deniz_stub.ipynb")
    write(subs / "ece_hang.py", ref + HANGING_SOFTMAX)
    write(subs / "fatma_crash.py", ref + CRASHING_LAYER_NORM)
    write(subs / "gul_flood.py", FLOOD + ref)
    write(subs / "hakan" / "work" / "module02_attention.ipynb", notebook(ref))
    write(subs / "hakan" / "quiz_answers.yaml", yaml.safe_dump(
        {"student": "hakan", "modules": ["module01"],
         "answers": {"m01-s2s-01": "a", "m01-s2s-03": True}}))
    return subs


def small_class(root: Path, students: int = 4) -> Path:
    """Complete submissions (even numbers) and ones with an overflowing softmax (odd)."""
    subs = root / "submissions"
    ref = reference_source()
    buggy = ref + (CATALOG / "softmax" / "wrong_no_max_subtraction.py").read_text()
    for index in range(students):
        write(subs / f"student{index:02d}.py", ref if index % 2 == 0 else buggy)
    return subs


def grade_all(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade-all", *map(str, args), "--no-progress"],
        capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT,
    )


def journal_lines(results: Path) -> list[dict]:
    path = results / "manifest.jsonl"
    if not path.is_file():
        return []
    lines = []
    for line in path.read_text().splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    return lines


@pytest.fixture(scope="session")
def klass():
    """This module: the class builders and helpers."""
    return sys.modules[__name__]
