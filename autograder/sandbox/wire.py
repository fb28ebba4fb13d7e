"""The data-only wire format between the grader and a student process.

Stdlib and NumPy only: the student process imports this file too (before it is
locked down), and nothing else of the grader.

A message is ``[4-byte length][JSON header][8-byte length][bytes]...``.
Values are encoded as JSON with each array replaced by
``{"$nd": [index, dtype, shape]}``: its raw bytes are blob ``index``, its dtype
one of NumPy's plain numeric type strings (``"<f8"``, ``"|b1"``...), checked
against a pattern before NumPy sees it. Nothing else can be described, so no
object array and no pickle ever crosses: a crafted payload can make a wrong
answer, never run code in the grader. (This is ``numpy.save`` with
``allow_pickle=False`` minus its Python-literal header, which costs a parse per
array and was a fifth of the grading time.)
"""

from __future__ import annotations

import json
import math
import os
import re
import select
import struct
import time
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import numpy as np

MAX_HEADER_BYTES = 4 * 1024 * 1024
MAX_MESSAGE_BYTES = 512 * 1024 * 1024
ACCEPTED_DTYPE_KINDS = "biufc"  # bool, int, uint, float, complex
PLAIN_DTYPE = re.compile(r"[<>|=]?[biufc](1|2|4|8|16)")
MAX_DIMENSIONS = 32


class WireError(Exception):
    """A message that is malformed, too large, or holds data we do not accept."""


class Opaque:
    """Stands for a value the student returned that is not plain data."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


# ---------------------------------------------------------------- encoding


_PLAIN = frozenset({type(None), bool, int, float, str})  # exact types sent as they are


def encode(value: object) -> tuple[Any, list[bytes]]:
    """Turn ``value`` into a JSON-able tree and a list of blobs (each array's raw bytes)."""
    blobs: list[bytes] = []

    def enc(v, depth: int = 0):
        if depth > 20:
            return {"$opaque": "deeply nested value"}
        if type(v) in _PLAIN:  # the common case first: no isinstance chain
            return v
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, (int, float)) and type(v) in (int, float):
            return v
        if isinstance(v, (np.ndarray, np.generic)):
            arr = np.asarray(v)
            if type(arr) is not np.ndarray:
                arr = np.array(arr, copy=True).view(np.ndarray)
            if arr.dtype.kind not in ACCEPTED_DTYPE_KINDS or arr.dtype.names is not None:
                return {"$opaque": f"array of dtype {arr.dtype}"}
            blobs.append(np.ascontiguousarray(arr).tobytes())
            tag = "$sc" if isinstance(v, np.generic) else "$nd"  # numpy scalars stay scalars
            return {tag: [len(blobs) - 1, arr.dtype.str, list(arr.shape)]}
        if isinstance(v, tuple):
            return {"$tuple": [enc(x, depth + 1) for x in v]}
        if isinstance(v, list):
            return [enc(x, depth + 1) for x in v]
        if isinstance(v, dict) and all(isinstance(k, str) for k in v):
            return {"$dict": {k: enc(x, depth + 1) for k, x in v.items()}}
        if hasattr(v, "__array__"):  # e.g. a torch tensor: convert on the student's side
            try:
                return enc(np.asarray(v), depth + 1)
            except Exception:
                pass
        return {"$opaque": type(v).__name__}

    return enc(value), blobs


def decode(tree, blobs: list[bytes]):
    """Inverse of :func:`encode`; arrays come back as exact ``numpy.ndarray``."""

    def dec(v):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [dec(x) for x in v]
        if isinstance(v, dict) and len(v) == 1:
            (tag, payload), = v.items()
            if tag == "$nd":
                return _load_array(blobs, payload)
            if tag == "$sc":
                return _load_array(blobs, payload)[()]
            if tag == "$tuple" and isinstance(payload, list):
                return tuple(dec(x) for x in payload)
            if tag == "$dict" and isinstance(payload, dict):
                return {str(k): dec(x) for k, x in payload.items()}
            if tag == "$opaque" and isinstance(payload, str):
                return Opaque(payload[:100])
        raise WireError(f"unexpected value in message: {str(v)[:80]}")

    return dec(tree)


def _load_array(blobs: list[bytes], description) -> np.ndarray:
    """An exact ``numpy.ndarray`` from ``[index, dtype, shape]``, or :class:`WireError`."""
    if not (isinstance(description, list) and len(description) == 3):
        raise WireError("malformed array description")
    index, dtype, shape = description
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(blobs):
        raise WireError("array reference out of range")
    if not isinstance(dtype, str) or not PLAIN_DTYPE.fullmatch(dtype):
        raise WireError(f"not a plain numeric dtype: {str(dtype)[:40]}")
    if not (isinstance(shape, list) and len(shape) <= MAX_DIMENSIONS and all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)):
        raise WireError("malformed array shape")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise WireError(f"unknown dtype {dtype}") from None
    blob = blobs[index]
    if math.prod(shape) * dtype.itemsize != len(blob):
        raise WireError("array size does not match its shape")
    return np.frombuffer(bytearray(blob), dtype=dtype).reshape(shape)


# ---------------------------------------------------------------- framing


def send(fd: int, header: dict, blobs: Sequence[bytes] = ()) -> None:
    """Write one message to a file descriptor."""
    header = dict(header, blobs=len(blobs))
    head = json.dumps(header, allow_nan=True).encode()
    parts = [struct.pack(">I", len(head)), head]
    for blob in blobs:
        parts.append(struct.pack(">Q", len(blob)))
        parts.append(blob)
    _write_all(fd, b"".join(parts))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def poll(fd: int, seconds: float, until: float = math.inf) -> None:
    """Return once ``fd`` is readable, or after ``seconds`` (never past ``until``, a
    ``time.monotonic()``), without blocking; between two looks, the core goes to any
    other process that wants it. See :mod:`autograder.sandbox.waiting`."""
    if seconds <= 0:
        return
    end = min(time.monotonic() + seconds, until)
    while not select.select([fd], [], [], 0)[0] and time.monotonic() < end:
        os.sched_yield()


class DeadlineReader:
    """``read_exactly(n)`` for :func:`receive`: bytes from ``fd`` until ``deadline``
    (``time.monotonic()``); past it, ``on_timeout()`` raises. EOFError when ``fd`` ends.
    ``buffer`` keeps what arrived beyond the bytes asked for."""

    def __init__(self, fd: int, deadline: float, on_timeout: Callable[[], NoReturn]) -> None:
        self.fd = fd
        self.deadline = deadline
        self.on_timeout = on_timeout
        self.buffer = bytearray()

    def __call__(self, n: int) -> bytes:
        while len(self.buffer) < n:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.on_timeout()
            if select.select([self.fd], [], [], remaining)[0]:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    raise EOFError
                self.buffer.extend(chunk)
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data


def receive(read_exactly, max_bytes: int = MAX_MESSAGE_BYTES,
            loads: Callable[[bytes], Any] = json.loads) -> tuple[dict, list[bytes]]:
    """Read one message using ``read_exactly(n) -> bytes`` (which raises on EOF).

    Args:
        max_bytes: the most the whole message may hold; a larger one is refused
            before its data is read.
        loads: parses the JSON header (the grader's also sanitises its strings).
    """
    (head_len,) = struct.unpack(">I", read_exactly(4))
    if head_len > min(MAX_HEADER_BYTES, max_bytes):
        raise WireError(f"message header too large ({head_len} bytes)")
    try:
        header = loads(read_exactly(head_len))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"message header is not JSON: {exc}") from None
    if not isinstance(header, dict):
        raise WireError("message header is not an object")
    count = header.get("blobs", 0)
    if not isinstance(count, int) or not 0 <= count <= 10_000:
        raise WireError("bad number of arrays in message")
    blobs, total = [], head_len
    for _ in range(count):
        (size,) = struct.unpack(">Q", read_exactly(8))
        total += size
        if total > max_bytes:
            raise WireError(f"message too large (more than {max_bytes >> 20} MB)")
        blobs.append(read_exactly(size))
    return header, blobs


def blocking_reader(fd: int):
    """``read_exactly`` for a blocking file descriptor (used by the student process)."""

    def read_exactly(n: int) -> bytes:
        chunks, remaining = [], n
        while remaining:
            chunk = os.read(fd, remaining)
            if not chunk:
                raise EOFError("the other side closed the channel")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    return read_exactly
