"""Student notebooks made safe to open in the instructor's browser (nbgrader step).

nbgrader's formgrader and feedback pages render a submission's markdown with
nbconvert, which passes raw HTML and ``javascript:`` links straight through: a
``<script>`` in a student's markdown cell would run in the instructor's
browser, with the rights of the Jupyter server (it could rewrite
``nbgrader_config.py``, which every nbgrader command executes).
:class:`SanitizeNotebookContent` runs in ``nbgrader autograde`` before the
autograded notebook is stored, so every later view of it is safe, whatever
renders it:

- each markdown cell is rendered to HTML by nbconvert's own renderer (exactly
  what formgrader would show) and that HTML is cleaned by bleach (an allow-list
  of tags, attributes and URL schemes: no script, no event handlers, no
  ``javascript:`` link however it is spelled); the cleaned HTML becomes the
  cell's source, which every markdown renderer shows as it is;
- raw cells lose the metadata that would make nbconvert include them as HTML;
- notebook metadata keeps only what nbgrader and the kernel need (no widget
  state, which nbconvert writes into a script element).

Outputs need nothing here: nbgrader's ``ClearOutput`` removes every output of
the submission, and the grader writes its feedback as plain text.
"""

from __future__ import annotations

import bleach
from bleach.css_sanitizer import CSSSanitizer
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"], "img": ["src", "alt", "title", "width", "height"],
    "td": ["align"], "th": ["align"], "*": ["class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info", "nbgrader", "course")
RAW_FORMAT_KEYS = ("format", "raw_mimetype")


def safe_markdown(source: str) -> str:
    """``source`` rendered the way nbconvert renders it, keeping only harmless HTML."""
    html = markdown2html_mistune(source)
    return bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True,
                        css_sanitizer=CSSSanitizer(allowed_css_properties=[])).strip()


class SanitizeNotebookContent(NbGraderPreprocessor):
    """Make every markdown and raw cell, and the notebook metadata, harmless to render."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        for key in list(nb.metadata):
            if key not in KEPT_NOTEBOOK_METADATA:
                del nb.metadata[key]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        if cell.cell_type == "markdown":
            cell.source = safe_markdown(cell.source)
            cell.pop("attachments", None)
        elif cell.cell_type == "raw":
            for key in RAW_FORMAT_KEYS:
                cell.metadata.pop(key, None)
        return cell, resources
