"""The YAML loaders of the course's data files (this module imports PyYAML).

- :data:`SafeLoader`: ``yaml.safe_load`` with libyaml's C parser when PyYAML has it
  (about ten times faster; libyaml only parses, PyYAML's safe constructor and resolver
  build the values either way): the course file, the notebook sources, the text catalogs.
- :class:`StrictLoader`: YAML 1.2 core-schema scalars, for the quiz bank. PyYAML
  follows YAML 1.1, where ``no``, ``on`` and ``y`` are booleans, ``1e-3`` is a string
  and ``1:20`` is the integer 80; a bank full of short answers and tolerances must
  not be bitten by that, so only ``true``/``false`` are booleans and ``1e-3`` is a float.
- :class:`BoundedLoader`: :class:`StrictLoader` with bounded work, for files students
  write (quiz answers).

Read files with :mod:`autograder.yamlfile`, which names file and line in its errors.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, with the C parser when available."""
    return yaml.load(text, Loader=SafeLoader)  # a safe loader: plain data only


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans, integers and floats."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (BOOL_TAG, INT_TAG, FLOAT_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    INT_TAG, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
StrictLoader.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node), 0)


StrictLoader.add_constructor(INT_TAG, _construct_int)


class BoundedLoader(StrictLoader):
    """:class:`StrictLoader` for files students write (quiz answers): bounded work.

    No aliases (a few hundred bytes of nested aliases expand to gigabytes), at
    most :data:`MAX_NODES` values nested at most :data:`MAX_DEPTH` deep; an
    integer of more than :data:`MAX_INT_DIGITS` digits stays text (the answer
    it is given for is then invalid, nothing else).
    """

    MAX_NODES = 20_000
    MAX_DEPTH = 20
    MAX_INT_DIGITS = 30

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in an answers file", event.start_mark)
        self._nodes += 1
        if self._nodes > self.MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"more than {self.MAX_NODES} values", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > self.MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {self.MAX_DEPTH} deep",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_bounded_int(loader: BoundedLoader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    if len(text.lstrip("+-")) > BoundedLoader.MAX_INT_DIGITS:
        return text
    return int(text, 0)


BoundedLoader.add_constructor(INT_TAG, _construct_bounded_int)
