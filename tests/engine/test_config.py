"""``course.yaml``: the schema accepts the real file and rejects broken ones clearly."""

from __future__ import annotations

import pytest
import yaml

from autograder.config import CourseFileError, load_course
from autograder.paths import COURSE_FILE


def test_the_repository_course_file_is_valid():
    course = load_course(COURSE_FILE)
    assert course.default_language in ("tr", "en")
    totals = {m.id: sum(fn.points for fn in m.functions) for m in course.modules}
    assert totals == {"module01": 20, "module02": 80, "module03": 22}


def test_module03_builds_on_the_module02_functions_it_reuses():
    course = load_course(COURSE_FILE)
    assert [fn.name for fn in course.module("module03").functions] == [
        "decoder_layer", "greedy_decode"]
    assert set(course.builds_on("decoder_layer")) == {
        "multi_head_attention", "layer_norm", "causal_mask"}
    assert set(course.builds_on("greedy_decode")) == {
        "encoder_layer", "decoder_layer", "sinusoidal_positional_encoding"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(default_language="de"), "default_language"),
        (lambda c: c["modules"][0]["functions"][0].update(points=-1), "points"),
        (lambda c: c["modules"][1]["functions"].append({"name": "softmax", "points": 1}),
         "graded twice"),
        (lambda c: c.update(surprise=1), "surprise"),
        (lambda c: c["sandbox"].update(memory_mb="lots"), "memory_mb"),
        (lambda c: c.update(schema_version=2), "schema_version"),
        (lambda c: c["modules"][0]["functions"][0].update(builds_on=["no_such"]), "unknown"),
    ],
)
def test_invalid_course_file_says_what_is_wrong(tmp_path, change, expected):
    data = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CourseFileError, match=expected):
        load_course(path)


def test_unreadable_yaml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "course.yaml"
    path.write_text("modules: [", encoding="utf-8")
    with pytest.raises(CourseFileError, match="not valid YAML"):
        load_course(path)
