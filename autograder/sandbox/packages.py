"""Which installed Python packages student code may import (stdlib only).

The course allows the standard library and a short list of distributions
(``sandbox.allowed_packages`` in ``course.yaml``: NumPy and what the notebooks
need for plots), together with everything those distributions require. Every
other installed package (PyTorch, the grader itself, pytest...) stays out of the
student process's file-system view and Landlock rules, so it cannot be read,
let alone imported. :class:`ImportPolicy` computes, from the installed
distributions' metadata, which entries of which ``site-packages`` folders are
allowed and which top-level module names are installed but forbidden (so that
the import error can say "not allowed in this course").
"""

from __future__ import annotations

import csv
import os
import re
import site
import sys
import sysconfig
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import importlib.metadata as metadata

REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
SKIPPED_ENTRIES = {"__pycache__"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def site_dirs() -> list[str]:
    """Every folder third-party packages may be installed in (real paths, existing only)."""
    candidates = [*site.getsitepackages(), site.getusersitepackages()]
    candidates += [sysconfig.get_paths()[key] for key in ("purelib", "platlib")]
    stdlib = os.path.dirname(os.__file__)  # the base interpreter's, also from a venv
    candidates += [os.path.join(stdlib, "site-packages"), os.path.join(stdlib, "dist-packages")]
    candidates += [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")]
    candidates += ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for prefix in ("/usr/lib", "/usr/local/lib"):
        candidates += [f"{prefix}/{version}/site-packages", f"{prefix}/{version}/dist-packages"]
    found: list[str] = []
    for path in candidates:
        real = os.path.realpath(path)
        if os.path.isdir(real) and real not in found:
            found.append(real)
    return found


def _requirements(dist: metadata.Distribution) -> list[str]:
    """The distributions ``dist`` needs at run time (not its optional extras)."""
    names = []
    for requirement in dist.requires or []:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = REQUIREMENT_NAME.match(spec)
        if match:
            names.append(match.group(1))
    return names


def _first_parts(dist: metadata.Distribution) -> list[str]:
    """The first path component of every file ``dist`` installed (``..`` for files outside
    its folder): ``dist.files``, read straight from RECORD when there is one (the same
    paths, without making thousands of path objects: NumPy alone has over 1500 files)."""
    record = dist.read_text("RECORD")
    if record is None:
        return [file.parts[0] for file in dist.files or [] if file.parts]
    return [row[0].split("/", 1)[0] for row in csv.reader(record.splitlines()) if row and row[0]]


def _top_level_entries(dist: metadata.Distribution) -> tuple[str, list[str]]:
    """(folder, entries): where ``dist`` is installed and its top-level files and folders."""
    location = os.path.realpath(str(dist.locate_file("")))
    entries: set[str] = set()
    for first in _first_parts(dist):
        if first != ".." and first not in SKIPPED_ENTRIES:
            entries.add(first)
    if not entries:  # no RECORD: fall back to top_level.txt and the metadata folder
        for name in (dist.read_text("top_level.txt") or "").split():
            for candidate in (name, name + ".py"):
                if os.path.exists(os.path.join(location, candidate)):
                    entries.add(candidate)
    return location, sorted(entries)


@dataclass
class ImportPolicy:
    """Allowed site-packages entries and forbidden module names, from installed metadata."""

    allowed: dict[str, list[str]] = field(default_factory=dict)  # folder -> entries
    allowed_modules: set[str] = field(default_factory=set)
    forbidden_modules: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)  # allowed distributions not installed

    @classmethod
    def compute(cls, allowed_distributions: list[str]) -> ImportPolicy:
        import importlib.metadata as metadata  # here: a fork server given its plan needs none

        policy = cls()
        seen: set[str] = set()
        queue = list(allowed_distributions)
        while queue:
            name = queue.pop()
            key = _normalise(name)
            if key in seen:
                continue
            seen.add(key)
            try:
                dist = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                if name in allowed_distributions:
                    policy.missing.append(name)
                continue
            location, entries = _top_level_entries(dist)
            policy.allowed.setdefault(location, [])
            for entry in entries:
                if entry not in policy.allowed[location]:
                    policy.allowed[location].append(entry)
                policy.allowed_modules.add(_module_name(entry))
            queue += _requirements(dist)
        for folder in site_dirs():
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for entry in names:
                module = _module_name(entry)
                if module.isidentifier() and module not in policy.allowed_modules:
                    policy.forbidden_modules.add(module)
        policy.forbidden_modules -= set(sys.stdlib_module_names)
        return policy


def _module_name(entry: str) -> str:
    """The top-level module an installed entry provides (``six.py`` -> ``six``)."""
    for suffix in (".py", ".pth"):
        if entry.endswith(suffix):
            return entry[: -len(suffix)]
    if ".cpython-" in entry or entry.endswith((".so", ".pyd")):
        return entry.split(".", 1)[0]
    return entry
