"""Strict YAML reading with line numbers.

PyYAML follows YAML 1.1, where ``no``, ``on`` and ``y`` are booleans, ``1e-3``
is a string and ``1:20`` is the integer 80. A quiz bank full of short answers
and tolerances must not be bitten by that, so this loader resolves scalars by
the YAML 1.2 core schema instead: only ``true``/``false`` are booleans and
``1e-3`` is a float.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"


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


class YamlSourceError(Exception):
    """A file that cannot be read or is not valid YAML; the message names file and line."""


def read_yaml(path: Path, *, loader: type[StrictLoader] = StrictLoader,
              max_bytes: int | None = None) -> tuple[Any, yaml.Node | None]:
    """Parse ``path``; return the data and its node tree (for line numbers).

    Args:
        loader: :class:`BoundedLoader` for files from students.
        max_bytes: refuse a larger file without reading it.
    """
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise YamlSourceError(f"{path}: larger than {max_bytes // 1024} KB")
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlSourceError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlSourceError(f"{path}: not UTF-8 text") from None
    try:
        node = yaml.compose(text, Loader=loader)
        data = loader(text).get_single_data() if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlSourceError(f"{path}{where}: not valid YAML: {problem}") from None
    except (RecursionError, ValueError) as exc:  # nesting or numbers beyond what a file needs
        raise YamlSourceError(f"{path}: not a readable file: {type(exc).__name__}") from None
    return data, node


def line_of(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the deepest node on the path ``loc`` (keys and indices)."""
    line = None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
            if node is None:
                # point at the mapping itself: the key is missing
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if 0 <= key < len(node.value) else None
        else:
            break
    if node is not None:
        line = node.start_mark.line + 1
    return line
