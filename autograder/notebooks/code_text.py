"""The prose inside code cells: comments and docstrings, in the notebook's language.

Code is shared by both languages; the prose in it is not. A cell of a
notebook source lists its code's texts under ``code_text`` as English and
Turkish pairs. The English of each pair is the text exactly as the code says
it (a docstring as :func:`inspect.cleandoc` gives it, a block of full-line
comments joined by single spaces), so a pair whose code changed no longer
matches and the build says so: the two languages cannot drift apart.

A text needs a pair when it holds a prose word (two or more letters, not a
code name such as ``T_q`` or ``np``); comments such as ``# (B, T, d_model)``
are the same in every language.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass

from autograder.bilingual import Bilingual
from autograder.languages import Language

MAX_LINE = 100  # the project's line length (pyproject.toml), also for Turkish text

# Words that are code or notation in both languages.
CODE_WORDS = frozenset(
    {"np", "sin", "cos", "tanh", "exp", "log", "softmax", "relu", "argmax", "max", "min",
     "sqrt", "nan", "inf", "dtype", "ndarray", "float32", "float64", "ok", "ceil"}
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NBGRADER_MARKER = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b")


class CodeTextError(Exception):
    """The code's texts and the source's ``code_text`` pairs do not match; says where."""


def is_prose(text: str) -> bool:
    """Whether ``text`` holds a word of some language (and so needs a translation)."""
    for word in _WORD.findall(text):
        if len(word) >= 2 and word.isalpha() and word.lower() not in CODE_WORDS:
            return True
    return False


@dataclass(frozen=True)
class _Text:
    """One text in the code: where it is and what it says."""

    kind: str  # "docstring" or "comment"
    text: str  # the lookup key: cleaned docstring or joined comment block
    start: tuple[int, int]  # (row, col) of its first token, rows from 1
    end: tuple[int, int]  # (row, col) just after its last token
    indent: int  # column of the text (comment) or of the docstring's statement
    inline: bool  # a comment after code on the same line


def _docstring_rows(tree: ast.AST) -> set[int]:
    """First rows of every docstring (module, class and function)."""
    rows = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    rows.add(body[0].lineno)
    return rows


def texts_in(source: str) -> list[_Text]:
    """Every docstring and comment (block) of ``source``, in order."""
    doc_rows = _docstring_rows(ast.parse(source))
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    found: list[_Text] = []
    code_rows = {t.start[0] for t in tokens if t.type not in _NON_CODE}
    for token in tokens:
        if token.type == tokenize.STRING and token.start[0] in doc_rows:
            text = inspect.cleandoc(ast.literal_eval(token.string))
            found.append(_Text("docstring", text, token.start, token.end, token.start[1], False))
        elif token.type == tokenize.COMMENT:
            body = token.string.lstrip("#").strip()
            if NBGRADER_MARKER.match(token.string):
                continue
            inline = token.start[0] in code_rows
            previous = found[-1] if found else None
            if (
                not inline
                and previous is not None
                and previous.kind == "comment"
                and not previous.inline
                and previous.end[0] == token.start[0] - 1
                and previous.indent == token.start[1]
            ):
                found[-1] = _Text("comment", f"{previous.text} {body}", previous.start,
                                  token.end, previous.indent, False)
            else:
                found.append(_Text("comment", body, token.start, token.end, token.start[1],
                                   inline))
    return found


_NON_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
             tokenize.DEDENT, tokenize.ENDMARKER}


def _render(text: _Text, translated: str) -> str:
    """The replacement of ``text`` in the code, laid out like the original."""
    if text.kind == "docstring":
        lines = translated.strip("\n").splitlines()
        pad = " " * text.indent
        if len(lines) == 1:
            return f'"""{lines[0]}"""'
        body = "\n".join(pad + line if line else "" for line in lines[1:])
        return f'"""{lines[0]}\n{body}\n{pad}"""'
    if text.inline:
        return f"# {translated}"
    pad = " " * text.indent
    width = max(MAX_LINE - text.indent - 2, 40)
    lines = textwrap.wrap(translated, width=width, break_on_hyphens=False)
    return "\n".join((pad if i else "") + f"# {line}" for i, line in enumerate(lines))


def _offset(lines: list[str], position: tuple[int, int]) -> int:
    row, col = position
    return sum(len(line) for line in lines[: row - 1]) + col


def localize_code(source: str, pairs: list[Bilingual], lang: Language, where: str) -> str:
    """``source`` with its docstrings and comments in ``lang``.

    Args:
        source: Python code with English comments and docstrings.
        pairs: the English and Turkish of each text that needs a translation.
        lang: the notebook's language; ``"en"`` returns ``source`` unchanged.
        where: names the cell in error messages.

    Raises:
        CodeTextError: a prose text has no pair, or a pair matches no text
            (in either language, so that both builds fail on the same drift).
    """
    by_english = {pair.en.strip(): pair for pair in pairs}
    texts = texts_in(source)
    missing = [t.text for t in texts if is_prose(t.text) and t.text not in by_english]
    if missing:
        raise CodeTextError(
            f"{where}: no code_text pair for {len(missing)} text(s) of the code: "
            + "; ".join(repr(m) for m in missing)
        )
    used = {t.text for t in texts}
    stale = [english for english in by_english if english not in used]
    if stale:
        raise CodeTextError(
            f"{where}: code_text pair(s) match no comment or docstring of the code "
            "(the code changed?): " + "; ".join(repr(s) for s in stale)
        )
    if lang == "en":
        return source
    lines = source.splitlines(keepends=True)
    result = source
    for text in reversed(texts):
        if text.text not in by_english:
            continue
        start, end = _offset(lines, text.start), _offset(lines, text.end)
        replacement = _render(text, by_english[text.text](lang).strip())
        result = result[:start] + replacement + result[end:]
    return result


def code_skeleton(source: str) -> str:
    """What two languages of one cell must share: the code without docstrings or comments."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)
