"""The ``pytest11`` entry point of the course package (``pyproject.toml``).

The plugin lives in :mod:`autograder.selfstudy.pytest_plugin`; this path stays because
installed environments register it by this name (and ``-p autograder.pytest_plugin``
names it). pytest finds the hooks below by their names.
"""

from autograder.selfstudy.pytest_plugin import (
    pytest_addoption,
    pytest_collect_file,
    pytest_collection_finish,
    pytest_configure,
    pytest_sessionfinish,
)

__all__ = [
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_collection_finish",
    "pytest_configure",
    "pytest_sessionfinish",
]
