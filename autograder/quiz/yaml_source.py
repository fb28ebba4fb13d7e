"""The quiz's names for the YAML reader (:mod:`autograder.yamlfile`) and loaders
(:mod:`autograder.yamlfast`): strict YAML 1.2 scalars, line numbers."""

from __future__ import annotations

from autograder.yamlfast import BoundedLoader, StrictLoader
from autograder.yamlfile import YamlFileError as YamlSourceError
from autograder.yamlfile import line_of, read_yaml

__all__ = ["BoundedLoader", "StrictLoader", "YamlSourceError", "line_of", "read_yaml"]
