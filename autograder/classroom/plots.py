"""The class report's figures, as base64 PNG (matplotlib, Agg backend, no display needed)."""

from __future__ import annotations

import base64
import io

from autograder.classroom.report_format import percent
from autograder.classroom.statistics import ClassStats
from autograder.feedback import message


def _png(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def distribution_png(stats: ClassStats, lang: str) -> str:
    """Histogram of the students' totals in % of the maximum, 10-point bins."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 3.2))
    axes.hist(stats.percents, bins=list(range(0, 101, 10)), color="#3b6ea5", edgecolor="white")
    if stats.mean is not None:
        label = f"{message('classroom.report.mean', lang)} {percent(stats.mean, lang, 1)}"
        axes.axvline(stats.mean, color="#c0392b", linestyle="--", label=label)
        axes.legend(loc="upper left")
    axes.set_xlim(0, 100)
    axes.set_xlabel(message("classroom.report.percent_of_max", lang))
    axes.set_ylabel(message("classroom.report.number_of_students", lang))
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


def functions_png(stats: ClassStats, lang: str) -> str:
    """Horizontal bars: per function in course order, the share of the students graded on it
    who got full credit."""
    plt = _pyplot()
    names = [f.name for f in stats.functions][::-1]
    full = [100 * f.full_credit_share for f in stats.functions][::-1]
    figure, axes = plt.subplots(figsize=(7, 0.35 * len(names) + 1))
    axes.barh(names, full, color="#27ae60")
    for y, value in enumerate(full):
        axes.text(min(value + 1, 92), y, percent(value, lang), va="center", fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_xlabel(message("classroom.report.full_credit_axis", lang))
    return _png(figure)
