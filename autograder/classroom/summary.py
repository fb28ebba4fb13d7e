"""The class report's terminal summary (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder.classroom.statistics import ClassStats
from autograder.feedback import message


def _t(key: str, lang: str) -> str:
    return message(f"classroom.report.{key}", lang)


def print_summary(stats: ClassStats, lang: str, console: Console | None = None) -> None:
    console = console or Console()
    line = f"{_t('students', lang)}: {stats.students}, {_t('graded', lang)}: {stats.graded}"
    if stats.mean is not None:
        line += (f", {_t('mean', lang)}: {stats.mean:.1f}%, "
                 f"{_t('median', lang)}: {stats.median:.1f}%")
    console.print(line, markup=False, highlight=False)
    if stats.functions:
        table = Table(title=_t("functions", lang))
        for column in ("function", "points", "mean_score", "full_credit", "not_started"):
            table.add_column(_t(column, lang), justify="left" if column == "function" else "right")
        for f in stats.functions:
            table.add_row(f.name, f"{f.max_points:.4g}", f"{f.mean_score:.3g}",
                          f"{100 * f.full_credit:.0f}%", f"{100 * f.not_started:.0f}%")
        console.print(table)
    if stats.mistakes:
        table = Table(title=_t("mistakes", lang))
        table.add_column(_t("share", lang), justify="right")
        table.add_column(_t("function", lang))
        table.add_column(_t("mistake", lang))
        for m in stats.mistakes:
            table.add_row(f"{100 * m.share:.0f}%", m.function, m.description)
        console.print(table)
    else:
        console.print(_t("no_mistakes", lang))
