"""The class report as one self-contained HTML page (inline CSS, PNG plots and one small script).

Everything a student controls (their id, taken from a file or folder name, and the
feedback texts that quote their exceptions and code) is HTML-escaped where it enters
the page. As a second barrier, the page's Content-Security-Policy lets no script run
but the page's own sort script (by its hash) and loads nothing from anywhere.

Sections: the figures of the class and how to read them; the two plots side by side;
per function (with the number of students graded on it, the denominator of its row);
the known mistakes, with the students who made them behind a toggle (``<details>``);
every function that did not run to an answer (time-outs, crashes, missing, not started:
always all of them); the other failures; and a table of every student with each
function's points, sortable by any column.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
from html import escape
from pathlib import Path

from autograder.classroom.plots import distribution_png, functions_png
from autograder.classroom.report_format import number, percent, share
from autograder.classroom.state import atomic_write_text
from autograder.classroom.statistics import ClassStats, FailureRow, FunctionCell, StudentRow
from autograder.config import course
from autograder.feedback import has, message
from autograder.languages import Language

TEXTS_SHOWN = 3  # distinct texts of a failure row shown open; the rest behind a toggle

STYLE = """
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 0;
       padding: 1.2em clamp(0.8em, 2.5vw, 2.5em); }
h1 { font-size: 1.6em; margin: 0; }
h2 { font-size: 1.25em; margin: 1.8em 0 0.4em; padding-bottom: 0.2em;
     border-bottom: 2px solid #e4e4e4; }
p { max-width: 75em; }
.muted { color: #666; }
code { font-size: 0.9em; background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
.figures { display: flex; flex-wrap: wrap; gap: 0.6em 2.5em; margin: 1em 0 0.5em; }
.figures dt { color: #666; font-size: 0.85em; }
.figures dd { margin: 0; font-size: 1.45em; font-weight: 600; }
.plots { display: grid; gap: 1em 2.5em; align-items: start;
         grid-template-columns: repeat(auto-fit, minmax(min(100%, 32em), 1fr)); }
.plots figure { margin: 0; }
.plots img { display: block; width: 100%; height: auto; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left;
         vertical-align: top; }
thead th { background: #f4f4f4; vertical-align: bottom; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 0.4em; }
.variant + .variant { border-top: 1px dashed #ddd; padding-top: 0.4em; }
.saw { font-size: 0.85em; color: #555; overflow-wrap: anywhere; }
.checks { font-size: 0.85em; color: #666; overflow-wrap: anywhere; }
.checks ul { margin: 0.2em 0 0; padding-left: 1.1em; }
.failures td.who { width: 13em; }
.failures td.fn { width: 14em; overflow-wrap: anywhere; }
.failures td.kind { width: 8em; }
.bar { background: #eee; height: 0.6em; margin: 0.2em 0; }
.bar span { display: block; height: 100%; background: #c0392b; }
details summary { cursor: pointer; color: #1f5c99; }
details.checks summary { color: #666; }
ul.names { margin: 0.2em 0 0; padding-left: 1.1em; overflow-wrap: anywhere; }
table.students th, table.students td { padding: 0.3em 0.4em; }
table.students thead th button { all: unset; cursor: pointer; }
table.students thead th button:focus-visible { outline: 2px solid #1f5c99; }
table.students thead th.fn button { writing-mode: vertical-rl; transform: rotate(180deg);
                                     max-height: 9em; font-family: monospace; font-size: 0.9em; }
table.students th[aria-sort=ascending] button::after { content: " \\25B2"; }
table.students th[aria-sort=descending] button::after { content: " \\25BC"; }
table.students tbody th { font-weight: normal; overflow-wrap: anywhere; min-width: 8em; }
table.students tbody th, table.students thead th:first-child {
  position: sticky; left: 0; background: #fff; z-index: 1; }
table.students thead th:first-child { background: #f4f4f4; }
td.full { background: #e2f3e6; }
td.partial { background: #fff3d1; }
td.zero, td.stopped { background: #fbe1dd; }
td.na { color: #999; text-align: center; }
.tag { display: block; font-size: 0.75em; color: #8a1f11; white-space: normal; }
summary.tag { display: list-item; }
@media (max-width: 900px) { .failures td.who, .failures td.fn { width: 9em; } }
@media (max-width: 700px) { body { font-size: 14px; } }
"""

# Sorts a table.sortable by the column whose header button was clicked (again: reversed).
# Cells sort by their data-sort attribute (numbers) or their text; empty values go last.
SORT_SCRIPT = """
(function () {
  function value(cell) {
    var raw = cell.getAttribute("data-sort");
    return raw === null ? cell.textContent.trim() : raw;
  }
  function sortBy(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = header.getAttribute("data-type") === "number";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[column]), y = value(b.cells[column]);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var order = numeric ? parseFloat(x) - parseFloat(y)
                          : x.localeCompare(y, document.documentElement.lang);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = header.querySelector("button");
      if (button) {
        button.addEventListener("click", function () { sortBy(table, column, header); });
      }
    });
  });
})();
"""


def content_security_policy(script: str = SORT_SCRIPT) -> str:
    """Nothing loaded from anywhere; no script runs but ``script`` (allowed by its hash)."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def _t(key: str, lang: str, **params) -> str:
    return escape(message(f"classroom.report.{key}", lang, **params))


def _name(function: str) -> str:
    """A function's name, breakable after each underscore."""
    return "_<wbr>".join(escape(part) for part in function.split("_"))


def _figures(stats: ClassStats, lang: str) -> str:
    items = [(_t("students", lang), str(stats.students)),
             (_t("graded", lang), str(stats.graded))]
    if stats.not_graded:
        items.append((_t("not_graded", lang), str(len(stats.not_graded))))
    if stats.mean is not None and stats.median is not None:
        items += [(_t("mean", lang), escape(percent(stats.mean, lang, 1))),
                  (_t("median", lang), escape(percent(stats.median, lang, 1)))]
    cells = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in items)
    return (f"<dl class=figures>{cells}</dl>"
            f"<p class=muted>{_t('denominators', lang, graded=stats.graded)}</p>")


def _plots(stats: ClassStats, lang: str) -> str:
    figures = [("distribution", distribution_png(stats, lang)),
               ("full_credit_plot", functions_png(stats, lang))]
    return "<div class=plots>" + "".join(
        f"<figure><h2>{_t(key, lang)}</h2>"
        f"<img alt='{_t(key, lang)}' src='data:image/png;base64,{png}'></figure>"
        for key, png in figures) + "</div>"


def _functions_table(stats: ClassStats, lang: str) -> str:
    head = "".join(f"<th class=num>{_t(key, lang)}</th>" for key in (
        "points", "graded_on", "mean_score", "full_credit", "not_started", "checks_passed"))
    rows = "".join(
        f"<tr><td><code>{_name(f.name)}</code></td>"
        f"<td class=num>{number(f.max_points, lang)}</td><td class=num>{f.graded}</td>"
        f"<td class=num>{number(f.mean_score, lang)}</td>"
        f"<td class=num>{escape(share(f.full_credit, f.graded, lang))}</td>"
        f"<td class=num>{escape(share(f.not_started, f.graded, lang))}</td>"
        f"<td class=num>{escape(percent(100 * f.checks_passed, lang))}</td></tr>"
        for f in stats.functions)
    return (f"<div class=scroll><table class=functions><thead><tr>"
            f"<th>{_t('function', lang)}</th>{head}</tr></thead><tbody>{rows}</tbody>"
            "</table></div>")


def _students_cell(row: FailureRow, lang: str) -> str:
    students = row.students
    names = "".join(f"<li>{escape(s)}</li>" for s in students)
    return (f"<td class=who><span class=num>{escape(share(len(students), row.graded, lang))}"
            f"</span><div class=bar><span style='width:{100 * row.share:.0f}%'></span></div>"
            f"<details class=names><summary>{_t('show_students', lang)}"
            f"</summary><ul class=names>{names}</ul></details></td>")


def _feedback_cell(row: FailureRow, lang: str) -> str:
    several = len(row.texts) > 1

    def variant(text) -> str:
        saw = (f"<div class=saw>{escape(', '.join(text.students))}:</div>" if several else "")
        return f"<div class=variant>{saw}<p class=text>{escape(text.text)}</p></div>"

    shown = "".join(variant(t) for t in row.texts[:TEXTS_SHOWN])
    rest = row.texts[TEXTS_SHOWN:]
    if rest:
        shown += (f"<details><summary>{_t('more_texts', lang, count=len(rest))}</summary>"
                  + "".join(variant(t) for t in rest) + "</details>")
    checks = "".join(f"<li>{escape(title)}</li>" for title in row.checks)
    return (f"<td class=feedback>{shown}<details class=checks><summary>{_t('checks', lang)} "
            f"({len(row.checks)}) · <code>{escape(row.key)}</code></summary><ul>{checks}</ul>"
            "</details></td>")


def _failure_table(rows: list[FailureRow], lang: str, with_kind: bool = False) -> str:
    kind_head = f"<th>{_t('what', lang)}</th>" if with_kind else ""
    body = "".join(
        f"<tr data-key='{escape(r.key)}' data-function='{escape(r.function)}'>"
        f"{_students_cell(r, lang)}<td class=fn><code>{_name(r.function)}</code></td>"
        + (f"<td class=kind>{_t('kind.' + r.kind, lang)}</td>" if with_kind else "")
        + f"{_feedback_cell(r, lang)}</tr>"
        for r in rows)
    return (f"<div class=scroll><table class=failures><thead><tr><th>{_t('share', lang)}</th>"
            f"<th>{_t('function', lang)}</th>{kind_head}<th>{_t('mistake', lang)}</th></tr>"
            f"</thead><tbody>{body}</tbody></table></div>")


def _failure_section(title: str, intro: str, empty: str, rows: list[FailureRow],
                     left_out: int, lang: str, with_kind: bool = False) -> str:
    html = f"<h2>{_t(title, lang)}</h2><p>{_t(intro, lang)}</p>"
    html += _failure_table(rows, lang, with_kind) if rows else f"<p>{_t(empty, lang)}</p>"
    if left_out:
        html += f"<p class=muted>{_t('left_out', lang, count=left_out)}</p>"
    return html


def _score_cell(cell: FunctionCell | None, lang: str) -> str:
    if cell is None:
        return f"<td class=na data-sort='' title='{_t('not_graded_on', lang)}'>–</td>"
    stopped = cell.state not in ("full", "partial", "zero")
    css = "stopped" if stopped else cell.state
    tag = f"<span class=tag>{_t('kind.' + cell.state, lang)}</span>" if stopped else ""
    return (f"<td class='num {css}' data-sort='{cell.score!r}' "
            f"title='{number(cell.score, lang)} / {number(cell.max_score, lang)}'>"
            f"{number(cell.score, lang)}{tag}</td>")


def _points_cell(points: tuple[float, float] | None, lang: str) -> str:
    if points is None:
        return "<td class=num data-sort=''></td>"
    return (f"<td class=num data-sort='{points[0]!r}'>{number(points[0], lang)} / "
            f"{number(points[1], lang)}</td>")


def _student_cell(row: StudentRow, lang: str) -> str:
    """The student's id; for a student who was not graded, why (behind a toggle)."""
    name = escape(row.student)
    if row.status == "graded":
        return f"<th scope=row data-sort='{name}'>{name}</th>"
    known = has(f"classroom.report.status.{row.status}")
    label = _t(f"status.{row.status}", lang) if known else escape(row.status)
    why = (f"<details><summary class=tag>{label}</summary><p class=text>{escape(row.error)}</p>"
           f"</details>" if row.error else f"<span class=tag>{label}</span>")
    return f"<th scope=row data-sort='{name}'>{name}{why}</th>"


def _students_table(stats: ClassStats, lang: str) -> str:
    functions = [f.name for f in stats.functions]
    with_quiz = any(r.quiz for r in stats.rows)

    def header(label: str, kind: str, css: str = "", title: str = "", attrs: str = "") -> str:
        attrs += f" class={css}" if css else ""
        attrs += f" title='{escape(title)}'" if title else ""
        return f"<th data-type={kind}{attrs}><button type=button>{label}</button></th>"

    heads = [header(_t("student", lang), "text", attrs=" aria-sort=ascending")]
    heads += [header(_name(f.name), "number", "fn", f"{f.name} ({number(f.max_points, lang)})")
              for f in stats.functions]
    if with_quiz:  # otherwise the code's points are the total
        heads += [header(_t("code", lang), "number", "num"),
                  header(_t("quiz", lang), "number", "num")]
    heads += [header(_t("total", lang), "number", "num"),
              header(_t("percent", lang), "number", "num")]
    body = []
    for row in stats.rows:
        cells = [_student_cell(row, lang)]
        cells += [_score_cell(row.cells.get(name), lang) if row.status == "graded"
                  else "<td class=na data-sort=''></td>" for name in functions]
        if with_quiz:
            cells += [_points_cell(row.code, lang), _points_cell(row.quiz, lang)]
        cells.append(_points_cell(row.total, lang))
        pct = row.percent
        cells.append("<td class=num data-sort=''></td>" if pct is None else
                     f"<td class=num data-sort='{pct!r}'>{escape(percent(pct, lang, 1))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<h2>{_t('all_students', lang)}</h2><p>{_t('all_students_intro', lang)}</p>"
            f"<div class=scroll><table class='students sortable'><thead><tr>{''.join(heads)}"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def render_html(stats: ClassStats, lang: Language) -> str:
    title = f"{message('classroom.report.title', lang)}: {course().title(lang)}"
    parts = [
        f"<!DOCTYPE html><html lang={lang}><head><meta charset='utf-8'>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{content_security_policy()}\">",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f"<p class=muted>{datetime.date.today().isoformat()}</p></header>",
        _figures(stats, lang),
    ]
    if stats.graded:
        parts += [_plots(stats, lang), f"<h2>{_t('functions', lang)}</h2>",
                  _functions_table(stats, lang)]
    parts += [
        _failure_section("mistakes", "mistakes_intro", "no_mistakes", stats.mistakes,
                         stats.left_out.get("mistakes", 0), lang),
        _failure_section("did_not_run", "did_not_run_intro", "all_ran", stats.did_not_run,
                         0, lang, with_kind=True),
        _failure_section("problems", "problems_intro", "no_problems", stats.others,
                         stats.left_out.get("others", 0), lang),
        _students_table(stats, lang),
        f"<script>{SORT_SCRIPT}</script></body></html>\n",
    ]
    return "".join(parts)


def write_html_report(stats: ClassStats, path: Path, lang: Language) -> Path:
    atomic_write_text(path, render_html(stats, lang))
    return path
