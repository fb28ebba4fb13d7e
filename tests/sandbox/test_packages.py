"""The allowed packages' files, read fast from RECORD, are exactly importlib's ``files``."""

from __future__ import annotations

import importlib.metadata as metadata

from autograder.sandbox import packages


def test_every_installed_distribution_gives_the_same_top_level_entries_both_ways():
    for dist in metadata.distributions():
        slow = sorted({file.parts[0] for file in dist.files or [] if file.parts})
        assert sorted(set(packages._first_parts(dist))) == slow, dist.metadata["Name"]
