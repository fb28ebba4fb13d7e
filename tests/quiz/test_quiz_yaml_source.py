"""The strict YAML reader: YAML 1.2 scalars and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.quiz.yaml_source import YamlSourceError, line_of, read_yaml


def test_when_yaml_has_yes_no_on_then_they_stay_text(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("a: no\nb: yes\nc: on\nd: true\ne: False\n", encoding="utf-8")
    data, _ = read_yaml(path)
    assert data == {"a": "no", "b": "yes", "c": "on", "d": True, "e": False}


def test_when_yaml_has_exponent_without_dot_then_it_is_a_float(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("tol: 1e-3\nint: 12\nsexagesimal: 1:20\n", encoding="utf-8")
    data, _ = read_yaml(path)
    assert data == {"tol": 0.001, "int": 12, "sexagesimal": "1:20"}


def test_when_yaml_is_broken_then_error_names_file_and_line(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n", encoding="utf-8")
    with pytest.raises(YamlSourceError, match=r"bad\.yaml:\d+: not valid YAML"):
        read_yaml(path)


def test_line_of_follows_keys_and_indices(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("items:\n  - id: x\n    prompt:\n      tr: t\n  - id: y\n", encoding="utf-8")
    _, node = read_yaml(path)
    assert line_of(node, ("items", 0, "prompt", "tr")) == 4
    assert line_of(node, ("items", 1)) == 5
    assert line_of(node, ("items", 1, "prompt", "en")) == 5  # missing key: the item's line
