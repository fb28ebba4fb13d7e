"""Numbers of the class report as each language writes them.

English: ``95.56``, ``15%``. Turkish: decimal comma and the percent sign first
(``95,56``, ``%15``), as docs/glossary.tr.yaml asks of every Turkish text.
"""

from __future__ import annotations


def number(value: float, lang: str, decimals: int = 2) -> str:
    """``value`` rounded to ``decimals``, without trailing zeros (``10``, ``10.67``)."""
    text = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace(".", ",") if lang == "tr" else text


def percent(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` (already in %) as ``15%`` or ``%15``; ``decimals`` kept even when zero."""
    text = f"{value:.{decimals}f}"
    return f"%{text.replace('.', ',')}" if lang == "tr" else f"{text}%"


def share(count: int, total: int, lang: str) -> str:
    """``count`` of ``total`` with its percentage: ``2/13 · 15%``."""
    return f"{count}/{total} · {percent(100 * count / total, lang)}" if total else f"{count}/0"
