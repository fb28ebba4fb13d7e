"""The data-only wire format: round trips, and refusal of anything that is not plain data."""

from __future__ import annotations

import io
import json
import os
import pickle

import numpy as np
import pytest

from autograder.sandbox import wire


def round_trip(value):
    tree, blobs = wire.encode(value)
    return wire.decode(tree, blobs)


def test_arrays_numbers_tuples_and_dicts_round_trip():
    value = {"W": np.arange(6.0).reshape(2, 3), "n": 3, "t": (1.5, None, True, "x"),
             "l": [np.float32(2.5), np.array([True, False])]}
    back = round_trip(value)
    assert np.array_equal(back["W"], value["W"]) and back["W"].dtype == np.float64
    assert back["n"] == 3 and back["t"] == (1.5, None, True, "x")
    assert back["l"][0].dtype == np.float32 and back["l"][1].dtype == np.bool_


def test_array_subclass_arrives_as_a_plain_ndarray():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True

    back = round_trip(np.zeros(3).view(Sneaky))
    assert type(back) is np.ndarray


@pytest.mark.parametrize("value", [np.array([object()], dtype=object), object(), {1: 2},
                                   np.zeros(2, dtype=[("a", "f8")])])
def test_values_that_are_not_plain_data_become_opaque(value):
    assert isinstance(round_trip(value), wire.Opaque)


def test_a_pickled_object_array_blob_is_refused_without_unpickling(tmp_path):
    marker = tmp_path / "ran"

    class Bomb:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    buffer = io.BytesIO()
    np.save(buffer, np.array([Bomb()], dtype=object), allow_pickle=True)
    payloads = [buffer.getvalue(), pickle.dumps(Bomb())]
    for blob in payloads:
        for dtype in ("|O", "O", "<f8", "[('a', 'O')]", "V8"):
            with pytest.raises(wire.WireError):
                wire.decode({"$nd": [0, dtype, [1]]}, [blob])
    assert not marker.exists()


@pytest.mark.parametrize("tree", [{"$nd": 5}, {"$nd": [5, "<f8", [1]]}, {"$nd": [0, "<f8", [-1]]},
                                  {"$nd": [0, "<f8", [3]]}, {"$nd": [0, "<U8", [1]]},
                                  {"$nd": [True, "<f8", [1]]}, {"$evil": 1}, {"a": 1, "b": 2},
                                  {"$tuple": "x"}])
def test_malformed_trees_are_refused(tree):
    with pytest.raises(wire.WireError):
        wire.decode(tree, [b"\x00" * 8])


def test_framing_round_trip_and_size_limits():
    read_fd, write_fd = os.pipe()
    wire.send(write_fd, {"op": "x"}, [b"abc"])
    os.close(write_fd)
    header, blobs = wire.receive(wire.blocking_reader(read_fd))
    assert header["op"] == "x" and blobs == [b"abc"]
    os.close(read_fd)
    huge = iter([(wire.MAX_HEADER_BYTES + 1).to_bytes(4, "big")])
    with pytest.raises(wire.WireError):
        wire.receive(lambda n: next(huge))


@pytest.mark.parametrize("value", [
    {"ok": True, "value": {"$nd": [0, "<f8", [2, 3]]}},
    {"error": {"type": "ValueError", "message": "d_model must be even"}},
    {"message": "colour \x1b[31mred\x1b[0m and a bell \x07"},
    {"message": "lone \ud800 surrogate", "k\u202eey": "bidi override"},
    {"message": 'quote " and backslash \\ and tab\tnewline\n'},
    {"message": "x" * 5000},
    {"nested": [[["\x00"]], {"deep": "\x9b2J"}], "ok": "Türkçe ü"},
    {"nums": [1, 2.5, None, False]},
])
def test_replies_are_parsed_and_cleaned_as_by_walking_the_tree(value):
    from autograder.sandbox.sanitise import clean_tree, loads_clean

    for raw in (json.dumps(value).encode(), json.dumps(value, ensure_ascii=False).encode(
            "utf-8", "surrogatepass")):
        try:
            expected = clean_tree(json.loads(raw))
        except ValueError:  # a lone surrogate written raw is not UTF-8: not a reply
            continue
        assert loads_clean(raw) == expected
