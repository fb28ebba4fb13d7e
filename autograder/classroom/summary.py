"""The class report's terminal summary (rich): the page's figures and tables, without names."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder.classroom.report_format import number, percent, share
from autograder.classroom.statistics import ClassStats, FailureRow
from autograder.feedback import message


def _t(key: str, lang: str, **params) -> str:
    return message(f"classroom.report.{key}", lang, **params)


def _failure_table(title: str, rows: list[FailureRow], lang: str, with_kind: bool) -> Table:
    table = Table(title=_t(title, lang), show_lines=True)
    table.add_column(_t("share", lang), justify="right", no_wrap=True)
    table.add_column(_t("function", lang), overflow="fold")
    if with_kind:
        table.add_column(_t("what", lang))
    table.add_column(_t("mistake", lang), ratio=1, overflow="fold")
    for row in rows:
        texts = "\n".join(t.text for t in row.texts)
        table.add_row(share(len(row.students), row.graded, lang), row.function,
                      *([_t(f"kind.{row.kind}", lang)] if with_kind else []), texts)
    return table


def print_summary(stats: ClassStats, lang: str, console: Console | None = None) -> None:
    console = console or Console()
    line = f"{_t('students', lang)}: {stats.students}, {_t('graded', lang)}: {stats.graded}"
    if stats.not_graded:
        line += f", {_t('not_graded', lang)}: {len(stats.not_graded)}"
    if stats.mean is not None and stats.median is not None:
        line += (f", {_t('mean', lang)}: {percent(stats.mean, lang, 1)}, "
                 f"{_t('median', lang)}: {percent(stats.median, lang, 1)}")
    console.print(line, markup=False, highlight=False)
    console.print(_t("denominators", lang, graded=stats.graded), markup=False, highlight=False)
    if stats.functions:
        table = Table(title=_t("functions", lang))
        table.add_column(_t("function", lang), overflow="fold")
        for column in ("points", "graded_on", "mean_score", "full_credit", "not_started"):
            table.add_column(_t(column, lang), justify="right", overflow="fold")
        for f in stats.functions:
            table.add_row(f.name, number(f.max_points, lang), str(f.graded),
                          number(f.mean_score, lang), share(f.full_credit, f.graded, lang),
                          share(f.not_started, f.graded, lang))
        console.print(table)
    for title, rows, empty, with_kind in (
        ("mistakes", stats.mistakes, "no_mistakes", False),
        ("did_not_run", stats.did_not_run, "all_ran", True),
        ("problems", stats.others, "no_problems", False),
    ):
        if rows:
            console.print(_failure_table(title, rows, lang, with_kind))
        else:
            console.print(_t(empty, lang), markup=False, highlight=False)
    left_out = sum(stats.left_out.values())
    if left_out:
        console.print(_t("left_out", lang, count=left_out), markup=False, highlight=False)
    console.print(_t("names_in_page", lang), markup=False, highlight=False)
