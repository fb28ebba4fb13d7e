"""The class report as one self-contained HTML page (inline CSS and PNG plots)."""

from __future__ import annotations

import datetime
from html import escape
from pathlib import Path

from autograder.classroom.plots import distribution_png, functions_png
from autograder.classroom.state import atomic_write_text
from autograder.classroom.statistics import ClassStats, MistakeStats
from autograder.config import course
from autograder.feedback import message

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; }
td.num, th.num { text-align: right; }
.bar { background: #eee; width: 8em; height: 0.8em; display: inline-block; }
.bar span { background: #c0392b; height: 100%; display: block; }
code { background: #f4f4f4; padding: 0 0.2em; }
.muted { color: #777; }
"""


def _t(key: str, lang: str, **params) -> str:
    return escape(message(f"classroom.report.{key}", lang, **params))


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def _mistake_table(rows: list[MistakeStats], lang: str) -> str:
    body = "".join(
        f"<tr><td class=num>{100 * m.share:.0f}% ({m.students})"
        f"<div class=bar><span style='width:{100 * m.share:.0f}%'></span></div></td>"
        f"<td><code>{escape(m.function)}</code></td><td>{escape(m.description)}"
        f"<br><span class=muted>{escape(m.key)}</span></td></tr>"
        for m in rows
    )
    return (f"<table><tr><th class=num>{_t('share', lang)}</th><th>{_t('function', lang)}</th>"
            f"<th>{_t('mistake', lang)}</th></tr>{body}</table>")


def render_html(stats: ClassStats, lang: str) -> str:
    title = f"{message('classroom.report.title', lang)}: {course().title(lang)}"
    parts = [
        f"<!DOCTYPE html><html lang={lang}><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{_t('students', lang)}: {stats.students} · {_t('graded', lang)}: {stats.graded}",
    ]
    if stats.mean is not None:
        parts.append(f" · {_t('mean', lang)}: {stats.mean:.1f}% · "
                     f"{_t('median', lang)}: {stats.median:.1f}%")
    parts.append(f"<br><span class=muted>{datetime.date.today().isoformat()}</span></p>")
    if stats.graded:
        parts += [
            f"<h2>{_t('distribution', lang)}</h2>",
            f"<img alt='{_t('distribution', lang)}' "
            f"src='data:image/png;base64,{distribution_png(stats, lang)}'>",
            f"<h2>{_t('functions', lang)}</h2>",
            f"<img alt='{_t('functions', lang)}' "
            f"src='data:image/png;base64,{functions_png(stats, lang)}'>",
            f"<table><tr><th>{_t('function', lang)}</th><th class=num>{_t('points', lang)}</th>"
            f"<th class=num>{_t('mean_score', lang)}</th><th class=num>{_t('full_credit', lang)}"
            f"</th><th class=num>{_t('checks_passed', lang)}</th>"
            f"<th class=num>{_t('not_started', lang)}</th></tr>",
        ]
        parts += [
            f"<tr><td><code>{escape(f.name)}</code></td><td class=num>{_fmt(f.max_points)}</td>"
            f"<td class=num>{_fmt(f.mean_score)}</td><td class=num>{100 * f.full_credit:.0f}%</td>"
            f"<td class=num>{100 * f.checks_passed:.0f}%</td>"
            f"<td class=num>{100 * f.not_started:.0f}%</td></tr>"
            for f in stats.functions
        ]
        parts.append("</table>")
    parts += [f"<h2>{_t('mistakes', lang)}</h2>", f"<p>{_t('mistakes_intro', lang)}</p>"]
    parts.append(_mistake_table(stats.mistakes, lang) if stats.mistakes
                 else f"<p>{_t('no_mistakes', lang)}</p>")
    if stats.problems:
        parts += [f"<h2>{_t('problems', lang)}</h2>", f"<p>{_t('problems_intro', lang)}</p>",
                  _mistake_table(stats.problems, lang)]
    with_quiz = any(r.quiz for r in stats.rows)
    parts.append(f"<h2>{_t('all_students', lang)}</h2><table><tr><th>{_t('student', lang)}</th>"
                 f"<th class=num>{_t('score', lang)}</th>"
                 + (f"<th class=num>{_t('quiz', lang)}</th>" if with_quiz else "")
                 + f"<th>{_t('status', lang)}</th></tr>")
    for row in stats.rows:
        score = f"{_fmt(row.score)} / {_fmt(row.max_score)}" if row.score is not None else ""
        quiz = (f"<td class=num>{_fmt(row.quiz[0])} / {_fmt(row.quiz[1])}</td>" if row.quiz
                else "<td></td>") if with_quiz else ""
        parts.append(f"<tr><td>{escape(row.student)}</td><td class=num>{score}</td>{quiz}"
                     f"<td>{escape(row.status)}</td></tr>")
    parts.append("</table></body></html>\n")
    return "".join(parts)


def write_html_report(stats: ClassStats, path: Path, lang: str) -> Path:
    atomic_write_text(path, render_html(stats, lang))
    return path
