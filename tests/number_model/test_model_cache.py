"""The shipped model read through the per-user cache is the model in the file."""

from __future__ import annotations

import numpy as np

from autograder.number_words import model as model_file


def assert_same(a: model_file.TrainedModel, b: model_file.TrainedModel) -> None:
    assert (a.num_heads, a.vocabulary, a.sha256, a.training_seconds) == (
        b.num_heads, b.vocabulary, b.sha256, b.training_seconds)
    for (name, x), (other, y) in zip(model_file.flat_parameters(a.params),
                                     model_file.flat_parameters(b.params), strict=True):
        assert name == other and x.dtype == y.dtype and np.array_equal(x, y)


def test_a_model_read_from_the_cache_is_the_one_in_its_file_and_an_edited_file_is_read_anew(
        tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path / "cache"))
    model_file._load.cache_clear()
    first = model_file.load_model()
    model_file._load.cache_clear()
    remembered = model_file.load_model()  # from the cache this time
    assert any((tmp_path / "cache").glob("number-words-model-*"))
    assert_same(first, model_file._read(str(model_file.MODEL_FILE)))
    assert_same(remembered, first)

    with np.load(model_file.MODEL_FILE) as stored:
        arrays = {key: stored[key] for key in stored.files}
    arrays["num_heads"] = np.array(4)
    edited = tmp_path / "model.npz"  # the same file name, another content
    np.savez(edited, **arrays)
    assert model_file.load_model(edited).num_heads == 4
    model_file._load.cache_clear()
