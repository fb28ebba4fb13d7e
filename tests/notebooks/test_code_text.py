"""Comments and docstrings of code cells in the notebook's language (code_text pairs)."""

from __future__ import annotations

import pytest

from autograder.bilingual import Bilingual
from autograder.notebooks.build import BuildError, build_notebook
from autograder.notebooks.code_text import (
    CodeTextError,
    code_skeleton,
    is_prose,
    localize_code,
    texts_in,
)
from autograder.notebooks.source import CodeCell, load_source, source_path

CODE = '''\
def double(x):
    """Return twice ``x``.

    Args:
        x: any number.
    """
    # A comment block that
    # spans two lines
    return 2 * x  # (B, T) the result
'''

PAIRS = [
    Bilingual(en="Return twice ``x``.\n\nArgs:\n    x: any number.",
              tr="``x``'in iki katını döndürür.\n\nArgümanlar:\n    x: herhangi bir sayı."),
    Bilingual(en="A comment block that spans two lines", tr="İki satıra yayılan bir yorum bloğu"),
    Bilingual(en="(B, T) the result", tr="(B, T) sonuç"),
]


def test_when_english_is_asked_then_the_code_is_unchanged():
    assert localize_code(CODE, PAIRS, "en", "cell") == CODE


def test_when_turkish_is_asked_then_docstring_block_and_inline_comment_are_replaced():
    turkish = localize_code(CODE, PAIRS, "tr", "cell")
    assert turkish == '''\
def double(x):
    """``x``'in iki katını döndürür.

    Argümanlar:
        x: herhangi bir sayı.
    """
    # İki satıra yayılan bir yorum bloğu
    return 2 * x  # (B, T) sonuç
'''
    assert code_skeleton(turkish) == code_skeleton(CODE)


def test_when_a_turkish_comment_is_long_then_it_is_wrapped_at_the_line_length():
    code = "if True:\n    # short\n    x = 1\n"
    long_text = " ".join(["kelime"] * 40)
    out = localize_code(code, [Bilingual(en="short", tr=long_text)], "tr", "cell")
    lines = out.splitlines()[1:-1]
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert all(line.startswith("    # ") for line in lines)
    assert out.splitlines()[-1] == "    x = 1"


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_when_a_prose_comment_has_no_pair_then_both_builds_fail_and_name_it(lang):
    with pytest.raises(CodeTextError, match="the result"):
        localize_code(CODE, PAIRS[:2], lang, "cell 7")


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_when_a_pair_matches_nothing_then_the_build_says_the_code_changed(lang):
    stale = [*PAIRS, Bilingual(en="a comment that was removed", tr="silinmiş bir yorum")]
    with pytest.raises(CodeTextError, match="a comment that was removed"):
        localize_code(CODE, stale, lang, "cell 7")


def test_shape_comments_and_code_names_are_not_prose():
    assert not is_prose("(B, H, T_q, d_head)")
    assert not is_prose("(seq_len, ceil(d/2))")
    assert is_prose("() or (B,)")
    assert is_prose("the same random numbers on every run")


def test_nbgrader_markers_are_not_texts_to_translate():
    code = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    assert texts_in(code) == []


def test_when_a_source_cell_loses_a_pair_then_the_build_names_the_cell():
    source = load_source(source_path("module02_attention"))
    index, cell = next((i, c) for i, c in enumerate(source.cells)
                       if isinstance(c, CodeCell) and c.code_text)
    cell.code_text = cell.code_text[1:]
    with pytest.raises(BuildError, match=f"cell {index}"):
        build_notebook(source, "tr")
