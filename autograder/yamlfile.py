"""The one reader of the course's YAML data files; every error names file and line.

Every data file (``course.yaml``, the notebook sources, the quiz bank and answers,
the text catalogs) is read here, and every problem is reported as
``path:line: what is wrong``, one line per problem: a file that cannot be read or is
not UTF-8, YAML that does not parse, data that does not fit its schema (a pydantic
model: each error is located by walking the YAML node tree along the error's path).

Light to import: PyYAML (:mod:`autograder.yamlfast`, the loaders) and pydantic are
imported when a file is read, so a command whose data is remembered
(:mod:`autograder.compiled`) never imports them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import yaml
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

T = TypeVar("T")
Loc = Sequence[str | int]


class YamlFileError(Exception):
    """A data file that cannot be read, is not valid YAML or does not fit its schema.

    ``problems`` holds ``(line or None, what is wrong)``; the message has one
    ``path:line: what is wrong`` line per problem.
    """

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str]]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(
            f"{path}{f':{line}' if line else ''}: {what}" for line, what in problems))

    @property
    def line(self) -> int | None:
        """The line of the first problem (``None``: the whole file)."""
        return self.problems[0][0] if self.problems else None


def read_text(path: Path, *, max_bytes: int | None = None,
              error: type[YamlFileError] = YamlFileError) -> str:
    """The text of ``path``.

    Args:
        max_bytes: refuse a larger file without reading it.
        error: the :class:`YamlFileError` subclass to raise.
    """
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise error(path, [(None, f"larger than {max_bytes // 1024} KB")])
        raw = path.read_bytes()
    except OSError as exc:
        raise error(path, [(None, f"cannot read: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(path, [(None, "not UTF-8 text")]) from None


def _parse(path: Path, text: str, parse: Callable[[str], T], error: type[YamlFileError]) -> T:
    import yaml

    try:
        return parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(path, [(line, f"not valid YAML: {problem}")]) from None
    except (RecursionError, ValueError) as exc:  # nesting or numbers beyond what a file needs
        raise error(path, [(None, f"not a readable file: {type(exc).__name__}")]) from None


def load(path: Path | str, *, error: type[YamlFileError] = YamlFileError) -> Any:
    """The data of ``path``, parsed by libyaml when available (the fast path: no node tree).

    Values as ``yaml.safe_load`` gives them. Raises ``error``.
    """
    import yaml

    from autograder.yamlfast import SafeLoader

    path = Path(path)
    text = read_text(path, error=error)
    return _parse(path, text, lambda t: yaml.load(t, Loader=SafeLoader), error)


def read_yaml(path: Path, *, loader: type | None = None, max_bytes: int | None = None,
              error: type[YamlFileError] = YamlFileError) -> tuple[Any, yaml.Node | None]:
    """Parse ``path``; return the data and its node tree (for :func:`line_of`).

    Args:
        loader: a loader of :mod:`autograder.yamlfast`; default :class:`StrictLoader`
            (YAML 1.2 scalars), :class:`BoundedLoader` for files from students.
        max_bytes: refuse a larger file without reading it.
    """
    import yaml

    from autograder.yamlfast import StrictLoader

    chosen = loader or StrictLoader
    text = read_text(path, max_bytes=max_bytes, error=error)

    def parse(text: str) -> tuple[Any, yaml.Node | None]:
        node = yaml.compose(text, Loader=chosen)
        return (chosen(text).get_single_data() if node is not None else None), node

    return _parse(path, text, parse, error)


def line_of(node: yaml.Node | None, loc: Loc) -> int | None:
    """1-based line of the deepest node on the path ``loc`` (keys and indices)."""
    import yaml

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


def locate(path: Path, locs: Sequence[Loc]) -> list[int | None]:
    """The lines of ``locs`` in ``path`` (read again: only errors need the node tree)."""
    import yaml

    from autograder.yamlfast import SafeLoader

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return [None for _ in locs]
    return [line_of(node, loc) for loc in locs]


def describe(error: ErrorDetails) -> str:
    """One schema error as a reader of the file needs it: what is wrong, and where."""
    loc = error["loc"]
    dotted = ".".join(str(p) for p in loc)
    if error["type"] == "missing" and loc and loc[-1] in ("tr", "en"):
        return f"missing translation '{loc[-1]}' ({dotted})"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "bool_type" and isinstance(error.get("input"), str):
        message += " (write true or false)"
    return f"{message} ({dotted})" if dotted else message


def _without_tags(error: ErrorDetails, tags: Collection[str]) -> ErrorDetails:
    """``error`` with the tags of discriminated unions (a part right after a list index,
    ``cells.0.markdown.markdown``) left out of its path: the file has no such key."""
    loc = error["loc"]
    kept = tuple(part for i, part in enumerate(loc)
                 if not (part in tags and i and isinstance(loc[i - 1], int)))
    return {**error, "loc": kept}


def schema_error(path: Path, exc: ValidationError, *, node: yaml.Node | None = None,
                 tags: Collection[str] = (),
                 error: type[YamlFileError] = YamlFileError) -> YamlFileError:
    """``exc`` (pydantic) as ``error``, each problem on the line it is about.

    Args:
        tags: the tags of the schema's discriminated unions (left out of the paths).
    """
    errors = [_without_tags(e, tags) for e in exc.errors()]
    locs = [e["loc"] for e in errors]
    lines = [line_of(node, loc) for loc in locs] if node is not None else locate(path, locs)
    return error(path, [(line, describe(e)) for line, e in zip(lines, errors, strict=True)])


def load_model(path: Path | str, validate: Callable[[Any], T], *, tags: Collection[str] = (),
               error: type[YamlFileError] = YamlFileError) -> T:
    """``validate(data of path)`` (e.g. ``Model.model_validate``); any problem raises ``error``
    with file and line (``tags``: see :func:`schema_error`)."""
    from pydantic import ValidationError

    path = Path(path)
    data = load(path, error=error)
    try:
        return validate(data)
    except ValidationError as exc:
        raise schema_error(path, exc, tags=tags, error=error) from None


_STRUCT_PATH = re.compile(r"\.([^.\[`]+)|\[(\d+)\]")


def struct_error(path: Path, exc: Exception, *,
                 error: type[YamlFileError] = YamlFileError) -> YamlFileError:
    """A msgspec ``ValidationError`` (``"what - at `$.a[0].b`"``) as ``error``, on the line
    it is about (an unknown key: the key's own line)."""
    what, found, where = str(exc).rpartition(" - at `")
    if not found:
        what, where = str(exc), ""
    loc: list[str | int] = [int(index) if index else key
                            for key, index in _STRUCT_PATH.findall(where.rstrip("`"))]
    unknown = re.fullmatch(r"Object contains unknown field `(.+)`", what)
    dotted = ".".join(str(part) for part in loc)
    if unknown:
        loc.append(unknown.group(1))
    line = locate(path, [loc])[0] if loc else None
    return error(path, [(line, f"{what} ({dotted})" if dotted else what)])
