"""How the grader and a student process wait for each other's next message.

Grading one submission is a ping-pong: the grader sends a call, the student process
answers, the grader checks the answer and sends the next call (about 290 of them for
module 02). A side that blocks in the kernel for the other's message must be woken
when it arrives, which on a virtual machine costs more than most of the calls
themselves (the benchmark measured about 0.2 ms per round trip, half of it wake-ups).

So when a core is free for it, each side first polls its pipe for a short while
(:data:`POLL_SECONDS`) and blocks only if nothing came: most answers arrive within
that time. This is worth it for one grading at a time (``grade``, the learner's
``pytest``, Gradescope, nbgrader), about 8% of ``grade``'s time, and would only take
cores from each other when gradings run side by side. So the batch grader's workers
declare how many run at once (:func:`set_concurrent_gradings`), as can whatever runs
several graders at once on one machine (``AUTOGRADER_GRADINGS_AT_ONCE``, e.g. the
project's tests under pytest-xdist), and polling is off once they take every other
core. While it polls, a side yields its core to any other process that wants it. The
time polled is bounded per message, counts against neither side's deadline (the poll
never outlasts it) and, in the student process, is part of its CPU limit like any
other time it runs.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from pathlib import Path

POLL_SECONDS = 0.0005  # the longest a side polls before it blocks, per message
GRADINGS_AT_ONCE = "AUTOGRADER_GRADINGS_AT_ONCE"  # how many run side by side (default 1)

_concurrent_gradings: int | None = None  # declared in this process, else the variable's


def set_concurrent_gradings(count: int | None) -> None:
    """Declare that ``count`` gradings (each a grader and its student process) run at
    once on this machine (the batch grader's pool does, in each worker); None goes back
    to ``$AUTOGRADER_GRADINGS_AT_ONCE``."""
    global _concurrent_gradings
    _concurrent_gradings = None if count is None else max(1, count)


def concurrent_gradings() -> int:
    """How many gradings run at once: as declared, else ``$AUTOGRADER_GRADINGS_AT_ONCE``
    (a positive whole number; anything else counts as 1)."""
    if _concurrent_gradings is not None:
        return _concurrent_gradings
    declared = os.environ.get(GRADINGS_AT_ONCE, "1").strip()
    return max(1, int(declared)) if declared.isdigit() else 1


def usable_cores() -> int:
    """The cores this process may run on: those it may be scheduled on, fewer when its
    control group has a CPU quota (a container started with ``--cpus=1`` still sees
    every core of the host)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = cores or os.cpu_count() or 1
    quota = cpu_quota()
    return max(1, min(cores, math.floor(quota))) if quota is not None else cores


@functools.cache  # read once per process, not for each student process it starts
def cpu_quota(root: str = "/sys/fs/cgroup", membership: str = "/proc/self/cgroup"
              ) -> float | None:
    """The CPU quota of this process's control group and of its ancestors, in cores (the
    smallest), or None when there is none or it cannot be read. cgroup v2 (``cpu.max``)
    and v1 (``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``)."""
    try:
        lines = Path(membership).read_text().splitlines()
    except OSError:
        return None
    quotas = []
    for line in lines:
        _, controllers, path = line.split(":", 2) if line.count(":") >= 2 else ("", "", "")
        if controllers == "":  # v2: one hierarchy
            quotas += _quotas(Path(root), path, _v2_quota)
        elif "cpu" in controllers.split(","):
            quotas += _quotas(Path(root, controllers), path, _v1_quota)
    return min(quotas, default=None)


def _quotas(mount: Path, path: str, read: Callable[[Path], float | None]) -> list[float]:
    """The quotas set on the groups from ``path`` up to the root of ``mount``."""
    found = []
    folder = mount / path.strip("/")
    while True:
        quota = read(folder)
        if quota is not None:
            found.append(quota)
        if folder == mount or mount not in folder.parents:
            return found
        folder = folder.parent


def _v2_quota(folder: Path) -> float | None:
    try:
        limit, period = (folder / "cpu.max").read_text().split()[:2]
        return int(limit) / int(period) if limit != "max" and int(period) > 0 else None
    except (OSError, ValueError):
        return None


def _v1_quota(folder: Path) -> float | None:
    try:
        limit = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
        return limit / period if limit > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def poll_seconds() -> float:
    """How long each side polls for the other's message before it blocks: POLL_SECONDS
    when every grading running at once has a second core for it, else 0 (block at once)."""
    return POLL_SECONDS if usable_cores() >= 2 * concurrent_gradings() else 0.0
