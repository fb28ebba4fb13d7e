"""The file-system view plan of student processes, remembered between runs.

A fork server computes its :class:`~autograder.sandbox.fsview.ViewPlan` from the
installed packages' metadata (``importlib.metadata``) and the standard library's and
site folders' entries: about 50 ms of its start, on the path of every ``grade`` and
learner's ``pytest``. It computes it in its own environment (``python -I``, as the
student processes see the installation) and sends it back with the first spawn's
answer; the grader keeps it in the per-user cache (:mod:`autograder.compiled`, which
student code can never see) and sends it with the spawn requests of later runs, so
that a fork server then neither imports ``importlib.metadata`` nor walks the folders.

The key is made of everything the plan depends on: the protected paths, the allowed
packages and forbidden modules, the interpreter, the code that computes the plan, and
the entries, modification times, owners and modes of the standard library, of every
site folder (installing or removing a package changes them) and of the protected
paths, with the content of the site folders' ``.pth`` files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

NAME = "view-plan"


def plan_key(protected: list[str], allowed_packages: list[str],
             forbidden_modules: list[str]) -> str:
    """The cache key of the plan for these settings on this installation (computed once per
    grader process, as a fork server computes its plan once: grade-all starts one student
    process per submission)."""
    return _remembered_key(tuple(protected), tuple(allowed_packages), tuple(forbidden_modules))


@functools.cache
def _remembered_key(protected: tuple[str, ...], allowed_packages: tuple[str, ...],
                    forbidden_modules: tuple[str, ...]) -> str:
    return compute_key(list(protected), list(allowed_packages), list(forbidden_modules))


def compute_key(protected: list[str], allowed_packages: list[str],
                forbidden_modules: list[str]) -> str:
    """:func:`plan_key`, computed now from the installation as it is."""
    from autograder.sandbox.packages import site_dirs

    digest = hashlib.sha256(repr((sorted(protected), sorted(allowed_packages),
                                  sorted(forbidden_modules), sys.version,
                                  sys.executable)).encode())
    here = Path(__file__).parent
    for code in ("fsview.py", "packages.py", "landlock.py", "worker.py", "plan.py"):
        digest.update((here / code).read_bytes())
    sites = site_dirs()
    for folder in [os.path.dirname(os.__file__), *sites, *protected]:
        try:
            info = os.stat(folder)
            entries = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        except OSError:
            digest.update(f"{folder}: missing\0".encode())
            continue
        digest.update(f"{folder}:{info.st_mtime_ns}:{info.st_uid}:{info.st_mode}\0".encode())
        digest.update("\0".join(entries).encode())
        if folder in sites:
            for entry in entries:
                if entry.endswith(".pth"):
                    try:
                        digest.update(Path(folder, entry).read_bytes())
                    except OSError:
                        pass
    return digest.hexdigest()[:40]


def remembered_plan(key: str) -> dict | None:
    """The plan kept under ``key`` (``ViewPlan.to_data``), or None."""
    if key not in _known:
        from autograder.compiled import recall

        found = recall(NAME, key)
        if found is None or not isinstance(found[0], dict):
            return None
        _known[key] = found[0]
    return _known[key]


def keep_plan(key: str, plan: dict) -> None:
    from autograder.compiled import keep

    _known[key] = plan
    keep(NAME, key, plan)


_known: dict[str, dict] = {}  # key -> plan, read or kept by this process
