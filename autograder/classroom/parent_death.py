"""Die with the parent: imported into grade-all's fork server (as a preload module).

``multiprocessing``'s fork server and the pool workers it forks would outlive a
``grade-all`` killed with SIGKILL (which no handler can catch). Importing this
module asks the kernel to SIGKILL the importing process when its parent dies;
the pool's worker initializer calls :func:`die_with_parent` for each worker, so
the whole tree (fork server, workers, their sandbox fork servers and student
processes, which do the same) goes when grade-all goes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies (Linux); nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


die_with_parent()
