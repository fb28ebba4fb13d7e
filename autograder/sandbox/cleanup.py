"""Removing a student process's folder, whatever the student left in it.

``shutil.rmtree`` recurses once per level: a student who builds folders
thousands of levels deep would crash the grader with RecursionError (or make
paths longer than the system allows). :func:`remove_tree` first moves every
folder up to the top level of the tree (so no path is ever longer than two
names), then empties and removes them; it never follows a symbolic link and
takes back write permission from a folder whose owner removed it.
"""

from __future__ import annotations

import os
import stat


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except PermissionError:
        os.chmod(folder, stat.S_IRWXU)
        with os.scandir(folder) as found:
            return list(found)


def remove_tree(path: str | os.PathLike) -> None:
    """Delete ``path`` and everything in it; errors on single entries are ignored."""
    root = os.fspath(path)
    if not os.path.isdir(root) or os.path.islink(root):
        return
    folders, pending, moved = [], [root], 0
    while pending:
        current = pending.pop()
        folders.append(current)
        try:
            entries = _entries(current)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    moved += 1
                    flat = os.path.join(root, f".removing-{moved}")
                    os.rename(entry.path, flat)
                    pending.append(flat)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue
    for folder in reversed(folders):  # the moved ones are empty now, the root last
        try:
            os.rmdir(folder)
        except OSError:
            pass
