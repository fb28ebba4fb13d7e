"""``report RESULTS_DIR`` on a real, mixed class: the page's numbers, texts and names, and the
page itself in a real headless browser (Chromium through Playwright).

The class is graded for real with ``grade-all``: the mixed class of conftest.py (complete,
partial, buggy, stub, hang, crash, flood, quiz answers) plus known mistakes, an exception
whose message is HTML, and a student folder named ``<img src=x onerror=alert(1)>``. A second
``grade-all --module module02`` run is interrupted after its first students, so the results
folder mixes students graded on all twelve functions with students graded on module 02's
ten; one report file is then removed, so one student is not graded.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.classroom.gradebook import quiz_points
from autograder.config import course
from autograder.feedback import message
from autograder.paths import REPO_ROOT
from autograder.report import GradingReport
from tests.browser import open_browser

# one worker builds this module's class under pytest-xdist (--dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("class-report")]

HOSTILE_ID = "<img src=x onerror=alert(1)>"
HOSTILE_MESSAGE = ("<script>window.__pwned='script'</script>"
                   "<img src=x onerror=\"window.__pwned='img'\"> and more text " + "x" * 80)
HOSTILE_SOFTMAX = f'''
def softmax(x, axis=-1, temperature=1.0):
    raise ValueError({HOSTILE_MESSAGE!r})
'''
LOST_REPORT = "gul_flood"  # its report file is removed: the report says it is not graded
HELD_BACK = "check.held_back"


def report(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "report", *map(str, args)],
                          capture_output=True, text=True, timeout=180, cwd=REPO_ROOT)


def _interrupted_module_run(klass, subs: Path, out: Path, course_file: Path) -> None:
    """``grade-all --module module02``, stopped with Ctrl-C once it has graded someone."""
    before = len(klass.journal_lines(out))
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade-all", str(subs), "--out", str(out),
         "--course", str(course_file), "--lang", "en", "--module", "module02", "--jobs", "1",
         "--no-progress"],
        cwd=REPO_ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while (len(klass.journal_lines(out)) <= before and proc.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(120)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, klass):
    """(results folder, {student: report} of the graded students, the journal's lines)."""
    root = tmp_path_factory.mktemp("report")
    subs = klass.mixed_class(root)
    ref = klass.reference_source()
    catalog = klass.CATALOG
    upper = (catalog / "causal_mask" / "wrong_upper_triangle.py").read_text()
    klass.write(subs / "irem_upper.py", ref + upper)
    klass.write(subs / "jale_eps.py", ref
                + (catalog / "layer_norm" / "wrong_eps_outside_sqrt.py").read_text()
                + (catalog / "softmax" / "wrong_no_max_subtraction.py").read_text())
    klass.write(subs / "kaan_raises.py", ref + HOSTILE_SOFTMAX)
    klass.write(subs / "leyla_zeros.py",
                ref + (catalog / "merge_heads" / "noeffort_zeros.py").read_text())
    integer_split = (catalog / "split_heads" / "wrong_keeps_integer_dtype.py").read_text()
    klass.write(subs / HOSTILE_ID / "module02_attention.ipynb",
                klass.notebook(ref + upper + integer_split))
    course_file = klass.short_course_file(root)
    out = root / "results"
    first = klass.grade_all(subs, "--out", out, "--course", course_file, "--lang", "en",
                            "--jobs", "2")
    assert first.returncode == 0, first.stderr
    _interrupted_module_run(klass, subs, out, course_file)
    journal = {line["student"]: line for line in klass.journal_lines(out)}
    (out / journal[LOST_REPORT]["report"]).unlink()
    reports = {
        student: GradingReport.from_json((out / entry["report"]).read_text())
        for student, entry in journal.items() if student != LOST_REPORT
    }
    functions = {student: {t.function for t in r.tests} for student, r in reports.items()}
    every = len(course().functions())  # every module's functions, or module 02's ten
    assert {len(f) for f in functions.values()} == {10, every}, "the class must be mixed"
    return out, reports, journal


@pytest.fixture(scope="module")
def pages(graded_class):
    """The page with the default ``--top``, with every row (``--top 100``) and with one."""
    out, _, _ = graded_class
    written = {}
    for name, top in (("default", None), ("all", 100), ("one", 1)):
        path = out / f"{name}.html"
        proc = report(out, "--lang", "en", "--html", path, *(["--top", top] if top else []))
        assert proc.returncode == 0, proc.stderr
        written[name] = path
    return written


@pytest.fixture(scope="module")
def browser():
    with open_browser() as chromium:
        yield chromium


def _open(browser, path: Path, width: int = 1400):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # time for any onerror or script to run
    return page


def _first_failures(reports: dict[str, GradingReport]) -> list[dict]:
    """For every student and function that failed: the first failing check, whose text is
    the student's real reason (checks held back for another check's sake left out)."""
    found = []
    for student, graded in reports.items():
        seen = set()
        for test in graded.tests:
            if test.status == "passed" or test.feedback_key == HELD_BACK:
                continue
            if test.function not in seen:
                seen.add(test.function)
                found.append({"student": student, "function": test.function,
                              "key": test.feedback_key, "text": test.output,
                              "status": test.status})
    return found


# ----------------------------------------------------------------- the page as HTML text


def test_the_page_is_self_contained_with_two_plots_and_a_strict_policy(pages):
    html = pages["default"].read_text(encoding="utf-8")
    images = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    assert len(images) == 2
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "http" not in html.replace("http-equiv", ""), "self-contained: nothing fetched"
    assert "default-src 'none'" in html and "script-src 'sha256-" in html


def test_means_and_shares_are_over_the_students_graded_on_each_function(graded_class, pages):
    _, reports, _ = graded_class
    html = pages["default"].read_text(encoding="utf-8")
    for function in ("rnn_encoder", "softmax"):
        totals = [sum(t.score for t in r.tests if t.function == function)
                  for r in reports.values() if any(t.function == function for t in r.tests)]
        points = max(sum(t.max_score for t in r.tests if t.function == function)
                     for r in reports.values())
        full = sum(total >= points - 1e-9 for total in totals)
        mean = f"{sum(totals) / len(totals):.2f}".rstrip("0").rstrip(".")
        row = re.search(rf"<tr><td><code>{function.replace('_', '_<wbr>')}</code></td>(.*?)</tr>",
                        html).group(1)
        cells = re.findall(r"<td class=num>([^<]*)</td>", row)
        assert cells[1:4] == [str(len(totals)), mean, f"{full}/{len(totals)} · "
                              f"{100 * full / len(totals):.0f}%"], (function, cells)
    graded_on_rnn = sum(any(t.function == "rnn_encoder" for t in r.tests)
                        for r in reports.values())
    assert graded_on_rnn < len(reports), "some students were graded on module 02 only"
    overflow = [s for s, r in reports.items() if any(
        t.feedback_key == "mistake.additive_attention.overflow" for t in r.tests)]
    share = f"{len(overflow)}/{graded_on_rnn} · {100 * len(overflow) / graded_on_rnn:.0f}%"
    assert re.search(rf"<tr data-key='mistake\.additive_attention\.overflow'.*?{share}", html)


def test_a_student_who_was_not_graded_is_counted_apart(graded_class, pages):
    _, reports, journal = graded_class
    html = pages["default"].read_text(encoding="utf-8")
    assert f"<dt>Students</dt><dd>{len(journal)}</dd>" in html
    assert f"<dt>Graded</dt><dd>{len(reports)}</dd>" in html
    assert "<dt>Not graded</dt><dd>1</dd>" in html
    assert re.search(rf"<th scope=row data-sort='{LOST_REPORT}'>{LOST_REPORT}<details>"
                     r"<summary class=tag>report unreadable</summary>", html)
    percents = []
    for student, graded in reports.items():  # the quiz is weighted as in gradebook.csv
        quiz_max = quiz_points(course(), sorted({t.function for t in graded.tests}))
        quiz = journal[student].get("quiz_score") or (0.0, 1.0)  # hakan's quiz counts too
        percents.append(100 * (graded.score + quiz_max * quiz[0] / quiz[1])
                        / (graded.max_score + quiz_max))
    assert journal["hakan"]["quiz_score"], "one student has quiz points"
    mean = sum(percents) / len(percents)
    assert f"<dt>Mean</dt><dd>{mean:.1f}%</dd>" in html


def test_the_terminal_summary_speaks_turkish_with_its_number_style(graded_class):
    out, _, _ = graded_class
    proc = report(out, "--lang", "tr", "--html", out / "tr.html")
    assert proc.returncode == 0, proc.stderr
    assert "En sık yapılan hatalar" in proc.stdout and "Değerlendirilmeyen: 1" in proc.stdout
    assert re.search(r"Ortalama: %\d+,\d", proc.stdout)
    page = (out / "tr.html").read_text(encoding="utf-8")
    assert "Not dağılımı" in page and "süre aşımı" in page
    body = re.sub(r"style='[^']*'", "", page.split("<body>")[1])
    assert re.search(r"%\d", body) and not re.search(r"\d%", body), \
        "Turkish puts the percent sign first"


def test_when_the_folder_is_not_a_results_folder_then_usage_error(tmp_path):
    proc = report(tmp_path)
    assert proc.returncode == 2 and "grade-all" in proc.stderr and "Traceback" not in proc.stderr


# ----------------------------------------------------------------- the page in a browser


def test_in_a_browser_every_failure_keeps_its_full_text_and_names_its_student(
        graded_class, pages, browser):
    _, reports, _ = graded_class
    expected = _first_failures(reports)
    assert {e["key"] for e in expected} >= {
        "error.FunctionTimedOut", "error.FunctionCrashed", "error.not_started",
        "error.raised", "mistake.softmax.overflow", "check.values"}
    page = _open(browser, pages["all"])
    missing = page.evaluate("""(expected) => expected.filter((e) => {
        const row = Array.from(document.querySelectorAll("table.failures tbody tr")).find(
            (r) => r.dataset.function === e.function && r.dataset.key === e.key);
        if (!row) return true;
        const names = Array.from(row.querySelectorAll("ul.names li"), (li) => li.textContent);
        const texts = Array.from(row.querySelectorAll("p.text"), (p) => p.textContent);
        return !names.includes(e.student) || !texts.includes(e.text);
    })""", expected)
    page.close()
    assert not missing, f"{len(missing)} of {len(expected)} failures lost: {missing[:3]}"


def test_in_a_browser_time_outs_crashes_and_not_started_are_always_listed(
        graded_class, pages, browser):
    _, reports, _ = graded_class
    stopped = [
        {"student": student, "function": t.function, "key": t.feedback_key, "status": t.status}
        for student, graded in reports.items() for t in graded.tests
        if t.status == "timeout" or t.feedback_key in (
            "error.FunctionCrashed", "error.not_started", "error.FunctionMissing")]
    assert {e["status"] for e in stopped} >= {"timeout", "error", "failed"}
    page = _open(browser, pages["one"])  # --top 1: one known mistake, one other failure
    listed = page.evaluate("""() => Array.from(document.querySelectorAll(
        "table.failures tbody tr"), (r) => [r.dataset.function, r.dataset.key,
        Array.from(r.querySelectorAll("ul.names li"), (li) => li.textContent)])""")
    left_out = page.locator("text=less common rows are not listed").count()
    page.close()
    for e in stopped:
        assert any(f == e["function"] and k == e["key"] and e["student"] in names
                   for f, k, names in listed), e
    assert len(listed) == len({(e["function"], e["key"]) for e in stopped}) + 2
    assert left_out == 2


def test_in_a_browser_the_mistakes_table_shows_who_made_a_mistake_on_request(
        graded_class, pages, browser):
    _, reports, _ = graded_class
    made_it = sorted(s for s, r in reports.items() if any(
        t.feedback_key == "mistake.causal_mask.upper_triangle" for t in r.tests))
    assert HOSTILE_ID in made_it and "irem_upper" in made_it
    page = _open(browser, pages["default"])
    row = page.locator("tr[data-key='mistake.causal_mask.upper_triangle']")
    names = row.locator("ul.names")
    assert not names.is_visible(), "names are behind a toggle"
    row.locator("summary", has_text="show names").click()
    assert names.is_visible()
    assert names.locator("li").all_text_contents() == made_it
    assert message("mistake.causal_mask.upper_triangle", "en") in row.inner_text()
    page.close()


def test_in_a_browser_the_student_table_sorts_when_a_header_is_clicked(
        graded_class, pages, browser):
    _, reports, journal = graded_class
    page = _open(browser, pages["default"])
    table = page.locator("table.students")

    def column(index: int) -> list[str]:
        return table.evaluate("(t, i) => Array.from(t.tBodies[0].rows, (r) => "
                              "r.cells[i].getAttribute('data-sort'))", index)

    def names() -> list[str]:
        return table.evaluate("(t) => Array.from(t.tBodies[0].rows, (r) => "
                              "r.cells[0].firstChild.textContent)")

    assert names() == sorted(journal)
    headers = table.locator("thead th")
    softmax = [h.get_attribute("title") for h in headers.all()].index("softmax (10)")
    headers.nth(softmax).locator("button").click()
    values = column(softmax)
    graded = [float(v) for v in values if v]
    assert graded == sorted(graded) and values[-1] == "", "ascending, not graded last"
    softmax_of = {s: sum(t.score for t in r.tests if t.function == "softmax")
                  for s, r in reports.items()}
    assert [softmax_of[s] for s in names() if s in softmax_of] == pytest.approx(graded)
    headers.nth(softmax).locator("button").click()
    again = [float(v) for v in column(softmax) if v]
    assert again == sorted(graded, reverse=True)
    assert headers.nth(softmax).get_attribute("aria-sort") == "descending"
    percent = headers.count() - 1
    headers.nth(percent).locator("button").click()
    shown = [float(v) for v in column(percent) if v]
    assert shown == sorted(shown) and len(shown) == len(reports)
    headers.nth(0).locator("button").click()  # by name
    ascending = names()
    headers.nth(0).locator("button").click()
    assert names() == ascending[::-1] and sorted(ascending) == sorted(journal)
    assert table.evaluate("(t) => Array.from(t.tBodies[0].rows, (r) => r.cells[0].firstChild"
                          ".textContent).every((n, i, all) => i === 0 || "
                          "all[i - 1].localeCompare(n, 'en') >= 0)"), "descending by name"
    page.close()


def test_in_a_browser_the_page_uses_the_width_of_the_window(pages, browser):
    page = _open(browser, pages["default"], width=1400)
    layout = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth, window: innerWidth,
        scrolled: Array.from(document.querySelectorAll(".scroll"),
                             (s) => s.scrollWidth - s.clientWidth),
        tables: Array.from(document.querySelectorAll("table"),
                           (t) => t.getBoundingClientRect().width),
        plots: Array.from(document.querySelectorAll(".plots img"),
                          (i) => [i.getBoundingClientRect().top, i.getBoundingClientRect().left]),
    })""")
    page.close()
    assert layout["page"] <= layout["window"], "no horizontal scrolling at 1400 px"
    assert max(layout["scrolled"]) <= 0, "every table fits without scrolling at 1400 px"
    assert min(layout["tables"]) >= 0.9 * layout["window"], layout["tables"]
    (top1, left1), (top2, left2) = layout["plots"]
    assert abs(top1 - top2) < 40 and left2 > left1 + 400, "the two plots side by side"


def test_in_a_browser_the_page_is_readable_at_800_pixels(pages, browser):
    page = _open(browser, pages["default"], width=800)
    layout = page.evaluate("""() => {
        const texts = Array.from(document.querySelectorAll("p, td, th, summary, li"))
            .filter((e) => e.offsetParent !== null && e.textContent.trim());
        return {
            page: document.documentElement.scrollWidth, window: innerWidth,
            smallest: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
            images: Array.from(document.querySelectorAll("img"),
                               (i) => i.getBoundingClientRect().right),
            feedback: Math.min(...Array.from(document.querySelectorAll("td.feedback"),
                                             (td) => td.getBoundingClientRect().width)),
        };
    }""")
    scroller = page.locator(".scroll:has(table.students)")
    scroller.evaluate("(s) => { s.scrollLeft = s.scrollWidth; }")
    first = page.locator("table.students tbody th").first.bounding_box()
    page.close()
    assert layout["page"] <= layout["window"], "the page itself never scrolls sideways"
    assert layout["smallest"] >= 10.5, layout
    assert max(layout["images"]) <= layout["window"]
    assert layout["feedback"] >= 300, "feedback texts keep a readable column"
    assert 0 <= first["x"] < 100, "student names stay in view while the table scrolls"


def test_in_a_browser_no_student_text_runs_as_script(graded_class, pages, browser):
    _, _, journal = graded_class
    assert HOSTILE_ID in journal
    probe = browser.new_page()
    dialogs = []
    probe.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    probe.set_content(f"<p>{HOSTILE_ID}</p><p>{HOSTILE_MESSAGE}</p>")
    probe.wait_for_timeout(300)
    assert dialogs and probe.evaluate("window.__pwned") is not None, \
        "the detector sees the texts run when they are not escaped"
    probe.close()
    for name in ("default", "all"):
        page = _open(browser, pages[name])
        state = page.evaluate("""(id) => ({
            pwned: window.__pwned || null,
            scripts: document.scripts.length,
            images: Array.from(document.images, (i) => i.getAttribute("src").slice(0, 10)),
            ids: Array.from(document.querySelectorAll("table.students tbody th"),
                            (th) => th.firstChild.textContent),
            quoted: document.body.textContent.includes(
                "<script>window.__pwned='script'</script>"),
        })""", HOSTILE_ID)
        page_dialogs = page.dialogs
        page.close()
        assert not page_dialogs and state["pwned"] is None, (name, state, page_dialogs)
        assert state["scripts"] == 1, "only the page's own sort script"
        assert state["images"] == ["data:image"] * 2, "no image but the two plots"
        assert HOSTILE_ID in state["ids"], "the hostile id is shown as text"
        assert state["quoted"], "the hostile exception is quoted as text"
