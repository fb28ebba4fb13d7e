"""Results computed from the course's files, remembered between runs (a per-user cache).

Reading the YAML message catalogs, validating the quiz bank and collecting a test
suite with pytest cost more than most commands that need them. :func:`remembered`
keeps the result of such a computation in a per-user cache folder under a key made
of the *content* of every file it was computed from (data and code) and of the
Python and grader versions: an edited file is picked up at once, and nothing stale
can be used. Anything unusual (no writable folder, a folder someone else owns, an
unreadable entry) only means the result is computed again.

The folder is ``$AUTOGRADER_CACHE_DIR``, else ``$XDG_CACHE_HOME/transformer-course``,
else ``~/.cache/transformer-course``; ``AUTOGRADER_NO_CACHE=1`` turns the cache off.
It is one of the paths student code can never see (``autograder.student``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar, cast

from autograder import __version__

T = TypeVar("T")
KEEP = 8  # entries kept per name
FORMAT = 1  # bump when the meaning of a cached entry changes without its sources changing


def cache_dir() -> Path:
    """The per-user cache folder (it may not exist yet)."""
    explicit = os.environ.get("AUTOGRADER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transformer-course"


def enabled() -> bool:
    return os.environ.get("AUTOGRADER_NO_CACHE", "") in ("", "0")


def fingerprint(name: str, sources: Iterable[Path]) -> str:
    """A key for ``name`` computed from ``sources``: their names and contents."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0{name}".encode())
    for path in sources:
        path = Path(path)
        digest.update(b"\0" + path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:40]


def remembered(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or its result remembered from an earlier run with the same sources.

    Args:
        name: what is cached (a file-name prefix: letters, digits, ``-``).
        sources: every file the result depends on, code included.
        build: computes the result; it must be picklable.
    """
    if not enabled():
        return build()
    key = fingerprint(name, sources)
    found = recall(name, key)
    if found is not None:
        return cast(T, found[0])  # pickled from build()'s result by this function
    result = build()
    keep(name, key, result)
    return result


def recall(name: str, key: str) -> tuple[object] | None:
    """``(value,)`` as last kept under ``name`` and ``key`` (a :func:`fingerprint`), or None."""
    if not enabled():
        return None
    return _load(cache_dir() / f"{name}-{key}.pickle")


def keep(name: str, key: str, value: object) -> None:
    """Remember ``value`` under ``name`` and ``key`` (nothing happens if it cannot be)."""
    if enabled():
        folder = cache_dir()
        _store(folder, folder / f"{name}-{key}.pickle", name, value)


def _forget_old(folder: Path, name: str) -> None:
    """Keep the newest :data:`KEEP` entries of ``name`` (several checkouts may share the
    folder, each with its own versions of the files)."""
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)


def package_file(package: str, relative: str) -> Path:
    """A file of an installed package, found without importing it (for a cache key)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) / relative if locations else Path(f"<no {package}>")


def _trusted(path: Path, *, folder: bool) -> bool:
    """Ours, and nobody else can write it (a pickle from elsewhere could run code)."""
    try:
        info = path.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)


def _load(entry: Path) -> tuple[object] | None:
    if not (_trusted(entry.parent, folder=True) and _trusted(entry, folder=False)):
        return None
    try:
        with open(entry, "rb") as handle:
            return (pickle.load(handle),)
    except Exception:  # a truncated or incompatible entry: compute it again
        return None


def _store(folder: Path, entry: Path, name: str, result: object) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder, folder=True):
            return
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
        _forget_old(folder, name)
    except Exception:
        pass  # no cache: the next run computes it again
